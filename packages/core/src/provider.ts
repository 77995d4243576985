/**
 * The provider contract. A provider knows one backend and nothing about caching, decoding or
 * batching policy: it declares what it can do and the caching client builds the rest.
 */
import type { ProviderTypes } from './provider-types.js';

/**
 * A value as the backend stores it, before any decoding.
 * @example
 * ```ts
 * return { value: 'a,b,c', list: true }; // decoded to ['a', 'b', 'c']
 * ```
 */
export interface RawSecret {
  /** Text, or bytes for a binary secret (never decoded). */
  readonly value: string | Uint8Array;
  /** The text is a comma-separated list (an SSM `StringList`): `'auto'` decodes it to `string[]`. */
  readonly list?: boolean;
  /**
   * How long the backend lets the value be kept, in milliseconds (a Vault lease): the client
   * keeps it fresh no longer than that when it is shorter than the ttl.
   */
  readonly ttlMs?: number;
  /** What the backend said about this value: its version, its date, the backend's own fields. */
  readonly metadata?: SecretMetadata;
}

/**
 * What a backend says about a value besides the value: kept with it in every cache, compared to
 * tell a new version from an unchanged one, and returned by `get(path, { metadata: true })`.
 * @example
 * ```ts
 * return { value, metadata: { version: out.VersionId, updatedAt: out.CreatedDate?.toISOString(),
 *   fields: { ARN: out.ARN, Name: out.Name, VersionStages: out.VersionStages } } };
 * ```
 */
export interface SecretMetadata {
  /** The backend's own version of the value, as text (aws.sm `VersionId`, aws.ps `Version`, a KV version). */
  readonly version?: string;
  /** When this version was written, as an ISO-8601 date-time (it survives every cache as text). */
  readonly updatedAt?: string;
  /** The backend's own fields, named as the backend names them (`ARN`, `VersionStages`, `lease_id`). */
  readonly fields?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/**
 * What can be written with `update`: text, a list, bytes, or an object written as JSON.
 * @example
 * ```ts
 * await update('aws.ps', '/app/hosts', ['h1', 'h2']); // a StringList
 * ```
 */
export type SecretInput = string | readonly string[] | Uint8Array | { readonly [key: string]: unknown } | readonly unknown[];

/**
 * The provider-specific options of one call, already checked against the provider's schema.
 * @example
 * ```ts
 * const options: ProviderOptions = { decrypt: true };
 * ```
 */
export type ProviderOptions = Readonly<Record<string, unknown>>;

/**
 * One read, as handed to a provider: a path and the provider's own options for it.
 * @example
 * ```ts
 * async get({ path, options }: ReadRequest) {
 *   return backend.read(path, options);
 * }
 * ```
 */
export interface ReadRequest {
  /** The path, as {@link Provider.normalize} returned it. */
  readonly path: string;
  /** The provider's own read options (for example `decrypt`), defaults filled in by `normalize`. */
  readonly options: ProviderOptions;
}

/**
 * A listing request: the prefix, whether to descend, and the provider's own options.
 * @example
 * ```ts
 * async list({ path, recursive }: ListRequest) {
 *   return backend.list(path, { recursive });
 * }
 * ```
 */
export interface ListRequest extends ReadRequest {
  /** Descend into nested paths. Providers without a hierarchy may ignore it. */
  readonly recursive: boolean;
}

/**
 * A write request.
 * @example
 * ```ts
 * async update({ path, value, create }: UpdateRequest) {
 *   await backend.write(path, JSON.stringify(value), { create });
 * }
 * ```
 */
export interface UpdateRequest extends ReadRequest {
  /** The value to write. Objects are to be written as JSON. */
  readonly value: SecretInput;
  /** Create the secret when it does not exist (else `SecretNotFoundError`). */
  readonly create: boolean;
}

/**
 * What a provider operation may report back to the client.
 * @example
 * ```ts
 * async get(request, context) {
 *   context.countApiCall();
 *   return { value: await backend.read(request.path) };
 * }
 * ```
 */
export interface CallContext {
  /** Report `count` backend requests (API calls) made; they show in `stats().apiCalls`. */
  countApiCall(count?: number): void;
  /**
   * Report the region (or replica) that answered, for a provider that fails over between them;
   * it shows in `stats().regions` and the `region` of the backend-call event.
   */
  answeredFrom?(region: string): void;
}

/**
 * The operations whose options a provider can declare.
 * @example
 * ```ts
 * const schemas: Partial<Record<Operation, OptionSchema>> = { get: { decrypt: 'boolean' } };
 * ```
 */
export type Operation = 'get' | 'list' | 'exists' | 'update';

/**
 * The type an option must have. `'string|number'` accepts either.
 * @example
 * ```ts
 * const type: OptionType = 'string|number';
 * ```
 */
export type OptionType = 'boolean' | 'string' | 'number' | 'integer' | 'string|number' | 'object' | 'string[]';

/**
 * Option name to expected type.
 * @example
 * ```ts
 * const options = { get: { decrypt: 'boolean', version: 'integer' } } satisfies Record<string, OptionSchema>;
 * ```
 */
export type OptionSchema = Readonly<Record<string, OptionType>>;

/**
 * A request after {@link Provider.normalize}.
 * @example
 * ```ts
 * normalize(operation, path, options): NormalizedRequest {
 *   return { path: path.replace(/\/$/, ''), options: { decrypt: options.decrypt !== false } };
 * }
 * ```
 */
export interface NormalizedRequest extends ReadRequest {
  /**
   * The name of the secret the request is about, without version selectors (`/a/b` for
   * `/a/b:3`). Updates of that name invalidate the entry.
   * @default path
   */
  readonly subject?: string;
}

/**
 * The members every provider has; see {@link Provider}.
 * @example
 * ```ts
 * const base: ProviderBase = { name: 'vault', scope: 'https://vault.internal' };
 * ```
 */
export interface ProviderBase {
  /** The provider name, such as `aws.ps`; it prefixes every cache key. */
  readonly name: string;
  /**
   * What separates this instance's data from another instance of the same provider (region,
   * account, role, file). Two clients with equal `name` and `scope` may share a cache.
   * @default ''
   */
  readonly scope?: string;
  /** The provider's own options per operation; anything else is rejected before any call. */
  readonly options?: Readonly<Partial<Record<Operation, OptionSchema>>>;
  /**
   * Validates and canonicalises a path and options before any call (throw a
   * `ValidationError`), filling in defaults so that equal requests get equal cache keys.
   */
  normalize?(operation: Operation, path: string, options: ProviderOptions): NormalizedRequest;
  /** Reads one secret; `undefined` when it does not exist. */
  get?(request: ReadRequest, context: CallContext): Promise<RawSecret | undefined>;
  /**
   * Reads several secrets in one backend call: one result per request, in order, each a value,
   * `undefined` (not found) or an `Error` of its own. Requests in one call share their options.
   */
  getMany?(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>>;
  /** The most requests one `getMany` call takes. @default 1 */
  readonly maxBatchSize?: number;
  /** Lists the secrets under a path, keyed by full name. An empty listing is `{}`. */
  list?(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>>;
  /**
   * Whether a secret exists at the path (or under it, for hierarchical providers). Without it
   * the client answers with a read.
   */
  exists?(request: ReadRequest, context: CallContext): Promise<boolean>;
  /** Writes a secret. A missing one is `SecretNotFoundError` unless `request.create`. */
  update?(request: UpdateRequest, context: CallContext): Promise<void>;
  /** Releases sockets, files, timers. */
  close?(): Promise<void>;
}

/**
 * A provider: a name, a read operation (`get` and/or `getMany`) and optional capabilities.
 *
 * @example
 * ```ts
 * const vault: Provider = {
 *   name: 'vault',
 *   async get({ path }, context) {
 *     context.countApiCall();
 *     const response = await fetch(`http://127.0.0.1:8200/v1/${path}`);
 *     return response.status === 404 ? undefined : { value: await response.text() };
 *   },
 * };
 * const client = createClient({ provider: vault });
 * ```
 */
export type Provider<Types extends ProviderTypes = ProviderTypes> = ProviderBase &
  ProviderTypesTag<Types> &
  (
    | { get(request: ReadRequest, context: CallContext): Promise<RawSecret | undefined> }
    | {
        getMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>>;
      }
  );

/**
 * Carries a provider's option types (never set at run time), so that `createClient` infers
 * them from the provider it is given.
 * @example
 * ```ts
 * const provider: Provider<{ get: { version?: number } }> = { name: 'kv', async get() { return undefined; } };
 * ```
 */
export interface ProviderTypesTag<Types extends ProviderTypes> {
  /** Types only: never present at run time. */
  readonly '~types'?: Types;
}

/**
 * Makes a provider from its options.
 *
 * @example
 * ```ts
 * const factory: ProviderFactory<{ prefix?: string }> = (options = {}) => envProvider(options);
 * registerProvider('my-env', factory); // and declare 'my-env' in CofferProviders
 * ```
 */
export type ProviderFactory<Options = Record<string, unknown>, Types extends ProviderTypes = ProviderTypes> = (
  options?: Options,
) => Provider<Types>;
