import type { ClientOptions } from './client-options.js';

/**
 * The option types of one provider, per operation: `configure` (the constructor's and
 * `configure()`'s own options, besides the client's), and the provider's own options of `get`,
 * `list` (`getByPath`), `exists` (`pathExists`) and `update`. An operation left out takes no
 * provider option.
 *
 * @example
 * ```ts
 * interface VaultTypes extends ProviderTypes {
 *   configure: { address?: string; mount?: string };
 *   get: { version?: number };
 * }
 * ```
 */
export interface ProviderTypes {
  /** Options of the provider's factory (and of `configure(name, ...)`), without the client's. */
  configure?: object;
  /** The provider's own options of `get`, such as `decrypt`. */
  get?: object;
  /** The provider's own options of `getByPath`. */
  list?: object;
  /** The provider's own options of `pathExists`. */
  exists?: object;
  /** The provider's own options of `update`, such as `type` or `kmsKeyId`. */
  update?: object;
}

/**
 * The registry of provider names and their option types. Each provider package adds its name
 * by declaration merging, so that names autocomplete and every call checks its options; a
 * third-party provider registered with `registerProvider` declares itself the same way.
 *
 * @example
 * ```ts
 * declare module '@coffer/core' {
 *   interface CofferProviders {
 *     vault: { configure: { address?: string }; get: { version?: number } };
 *   }
 * }
 * registerProvider('vault', (options) => vaultProvider(options));
 * await get('vault', 'kv/app', { version: 2 });
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface CofferProviders {}

/**
 * A provider name known to the type system: every key of {@link CofferProviders}.
 * @example
 * ```ts
 * const name: ProviderName = 'aws.ps';
 * ```
 */
export type ProviderName = keyof CofferProviders & string;

/**
 * The provider's own options of one operation in a {@link ProviderTypes} (`{}` when it declares none).
 * @example
 * ```ts
 * type PsRead = ProviderOptionsOf<CofferProviders['aws.ps'], 'get'>; // { decrypt?, version?, label? }
 * ```
 */
export type ProviderOptionsOf<Types, Operation extends keyof ProviderTypes> = Types extends {
  readonly [K in Operation]: infer Options;
}
  ? Options
  : {};

/**
 * The option types of a provider chosen at run time (by a CLI, a config file, a server): every
 * option name is accepted by the types and checked against the provider's schema when the call
 * runs. Opt in where the provider is not known when compiling; everywhere else, a provider's own
 * types catch more.
 * @example
 * ```ts
 * const client = createClient({ provider: providerFactory(name)() }) as CofferClient<RuntimeProviderTypes>;
 * await client.get(path, options); // options: Record<string, unknown>
 * ```
 */
export interface RuntimeProviderTypes {
  get: Readonly<Record<string, unknown>>;
  list: Readonly<Record<string, unknown>>;
  exists: Readonly<Record<string, unknown>>;
  update: Readonly<Record<string, unknown>>;
}

/**
 * The types registered under a provider name, or none for a name the type system does not know.
 * @example
 * ```ts
 * type PsTypes = TypesOf<'aws.ps'>;
 * ```
 */
export type TypesOf<Name extends string> = Name extends ProviderName ? CofferProviders[Name] : {};

/**
 * What `configure(name, options)` takes for a provider: its own options and the client's.
 * @example
 * ```ts
 * const options: ConfigureOptions<'aws.ps'> = { region: 'eu-west-1', ttl: '5m' };
 * ```
 */
export type ConfigureOptions<Name extends string> = ProviderOptionsOf<TypesOf<Name>, 'configure'> & ClientOptions;
