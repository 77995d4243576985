import type { DecodeMode, Keypath } from './decode.js';
import type { Duration } from './duration.js';
import type { ProviderOptionsOf } from './provider-types.js';
import type { DecodedValue, JsonValue } from './secret-value.js';

/**
 * The options of `get` every provider takes; see {@link GetOptions} for a provider's own.
 * @example
 * ```ts
 * await client.get('/prod/db', { keypath: ['password'], default: '', maxAge: '30s' });
 * ```
 */
export interface CoreGetOptions {
  /** Keys walked into the decoded value: strings for objects, numbers for arrays. */
  keypath?: Keypath;
  /**
   * How to decode the value: `'auto'` parses JSON objects and arrays only, `'json'` requires
   * JSON, `'raw'` returns what is stored.
   * @default 'auto'
   */
  decode?: DecodeMode;
  /** Returned (never cached) when the secret or the key does not exist. */
  default?: unknown;
  /**
   * Skip the cached value and fetch (the result is cached).
   * @default false
   */
  forceFetch?: boolean;
  /** How old a cached value may be to be served; also the ttl of what this read stores. */
  maxAge?: Duration;
  /**
   * Return the value with what the backend said about it: `{ value, version?, updatedAt?, fields }`.
   * @default false
   */
  metadata?: boolean;
}

/**
 * What `get(path, { metadata: true })` returns: the value and what the backend said about it
 * (kept with the value in every cache).
 * @example
 * ```ts
 * const { value, version, updatedAt, fields }: ValueWithMetadata<string> = await client.get('/a', { metadata: true });
 * ```
 */
export interface ValueWithMetadata<Value> {
  /** The value, decoded (and walked by `keypath`) as without `metadata`. */
  readonly value: Value;
  /** The backend's version of the value, as text (aws.ps `Version`, aws.sm `VersionId`). */
  readonly version?: string;
  /** When this version was written, as an ISO-8601 date-time. */
  readonly updatedAt?: string;
  /** The backend's own fields, as the backend names them (`ARN`, `VersionStages`); `{}` for none. */
  readonly fields: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

/**
 * The options of `getByPath` every provider takes.
 * @example
 * ```ts
 * await client.getByPath('/prod/app', { recursive: false, maxAge: '1m' });
 * ```
 */
export interface CoreGetByPathOptions {
  /**
   * Include nested paths.
   * @default true
   */
  recursive?: boolean;
  /** @default 'auto' */
  decode?: DecodeMode;
  /** @default false */
  forceFetch?: boolean;
  /** See {@link CoreGetOptions.maxAge}. */
  maxAge?: Duration;
}

/**
 * The options of `pathExists` every provider takes.
 * @example
 * ```ts
 * await client.pathExists('prod/db', { keypath: ['password'] });
 * ```
 */
export interface CoreExistsOptions {
  /** When given, true only if this key exists in the decoded value. */
  keypath?: Keypath;
}

/**
 * The options of `update` every provider takes.
 * @example
 * ```ts
 * await client.update('/prod/app/new', 'v', { create: true });
 * ```
 */
export interface CoreUpdateOptions {
  /**
   * Create the secret when it does not exist, instead of throwing `SecretNotFoundError`.
   * @default false
   */
  create?: boolean;
}

/**
 * Options of `get` for a provider whose types are `Types` (see `CofferProviders`): the core's
 * and the provider's own, such as `decrypt` and `version` for aws.ps. Nothing else compiles.
 * @example
 * ```ts
 * const options: GetOptions<CofferProviders['aws.ps']> = { decrypt: false, version: 3 };
 * ```
 */
export type GetOptions<Types = {}> = CoreGetOptions & ProviderOptionsOf<Types, 'get'>;

/**
 * Options of `getByPath` for a provider whose types are `Types`.
 * @example
 * ```ts
 * const options: GetByPathOptions<CofferProviders['aws.ps']> = { recursive: false, decrypt: true };
 * ```
 */
export type GetByPathOptions<Types = {}> = CoreGetByPathOptions & ProviderOptionsOf<Types, 'list'>;

/**
 * Options of `pathExists` for a provider whose types are `Types`.
 * @example
 * ```ts
 * const options: ExistsOptions = { keypath: ['password'] };
 * ```
 */
export type ExistsOptions<Types = {}> = CoreExistsOptions & ProviderOptionsOf<Types, 'exists'>;

/**
 * Options of `update` for a provider whose types are `Types`.
 * @example
 * ```ts
 * const options: UpdateOptions<CofferProviders['aws.ps']> = { create: true, type: 'SecureString' };
 * ```
 */
export type UpdateOptions<Types = {}> = CoreUpdateOptions & ProviderOptionsOf<Types, 'update'>;

/**
 * Makes every option name that `Allowed` does not have an error. Generic option parameters
 * (which infer the return type) lose TypeScript's excess-property check; this puts it back,
 * so `{ keyPath: [...] }` does not compile where `keypath` is meant.
 * @example
 * ```ts
 * function read<O extends CoreGetOptions>(options: O & NoExtraOptions<O, CoreGetOptions>) {}
 * ```
 */
export type NoExtraOptions<Given, Allowed> = { [Name in Exclude<keyof Given, keyof Allowed>]: never };

/**
 * The default of a read's value type parameter: "infer it from the options". Give the type
 * parameter yourself (`get<MyConfig>(...)`) to assert a type instead.
 * @example
 * ```ts
 * type Value = ReadValue<InferredValue, { decode: 'raw' }>; // string | Uint8Array
 * ```
 */
export interface InferredValue {
  readonly '~coffer.inferred': true;
}

/**
 * The value a `get` with these options returns: a JSON value when a `keypath` walks into it,
 * else what the `decode` mode gives, or the type of `default` when the secret is missing.
 * @example
 * ```ts
 * type A = ValueOfRead<{ keypath: string[] }>;      // JsonValue
 * type B = ValueOfRead<{ decode: 'raw' }>;          // string | Uint8Array
 * type C = ValueOfRead<{ default: undefined }>;     // SecretValue | undefined
 * ```
 */
export type ValueOfRead<Options> =
  | (Options extends { keypath: Keypath }
      ? JsonValue
      : 'keypath' extends keyof Options
        ? JsonValue | DecodedValue<DecodeOf<Options>>
        : DecodedValue<DecodeOf<Options>>)
  | DefaultOf<Options>;

/**
 * The value type of a read: `Value` when given explicitly, else inferred from the options.
 * @example
 * ```ts
 * type A = ReadValue<string, {}>;                    // string
 * type B = ReadValue<InferredValue, { decode: 'json' }>; // JsonValue | Uint8Array
 * ```
 */
export type ReadValue<Value, Options> = Options extends { metadata: true }
  ? ValueWithMetadata<PlainReadValue<Value, Options>>
  : PlainReadValue<Value, Options>;

type PlainReadValue<Value, Options> = [Value] extends [InferredValue] ? ValueOfRead<Options> : Value;

/**
 * The value type of each entry of a listing: `Value` when given, else what `decode` gives.
 * @example
 * ```ts
 * type A = ListValue<InferredValue, { decode: 'raw' }>; // string | Uint8Array
 * ```
 */
export type ListValue<Value, Options> = [Value] extends [InferredValue] ? DecodedValue<DecodeOf<Options>> : Value;

type DecodeOf<Options> = 'decode' extends keyof Options
  ? Options extends { decode?: infer Mode extends DecodeMode | undefined }
    ? Mode
    : 'auto'
  : 'auto';

// Only a `default` the call gives: a wide options type (`default?: unknown`) says nothing of it.
type DefaultOf<Options> = Options extends { default: infer Default } ? Default : never;
