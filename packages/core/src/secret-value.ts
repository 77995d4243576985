import type { DecodeMode } from './decode.js';

/**
 * Any value JSON can hold, as `JSON.parse` returns it (read-only: returned values are frozen).
 * @example
 * ```ts
 * const config: JsonValue = await get('aws.sm', 'prod/app', { decode: 'json' }) as JsonValue;
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;

/**
 * A JSON array, read-only.
 * @example
 * ```ts
 * const hosts: JsonArray = ['h1', 'h2'];
 * ```
 */
export type JsonArray = readonly JsonValue[];

/**
 * A JSON object, read-only.
 * @example
 * ```ts
 * const db: JsonObject = { user: 'app', port: 5432 };
 * ```
 */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * A secret as `get` returns it with `decode: 'auto'` (the default): text stays text, a text
 * that parses as a JSON object or array is parsed, an SSM `StringList` is a `string[]` and a
 * binary secret is bytes. Narrow it with `typeof`, `Array.isArray` and `instanceof Uint8Array`.
 *
 * @example
 * ```ts
 * const value = await get('aws.ps', '/app/hosts'); // SecretValue
 * if (typeof value === 'string') connect(value);
 * ```
 */
export type SecretValue = string | readonly string[] | Uint8Array | JsonObject | JsonArray;

/**
 * What a read returns for a decode mode: `'auto'` a {@link SecretValue}, `'json'` any JSON value
 * (binary secrets stay bytes), `'raw'` the stored text or bytes.
 *
 * @example
 * ```ts
 * const text: DecodedValue<'raw'> = await ps.get('/app/config', { decode: 'raw' });
 * ```
 */
export type DecodedValue<Mode extends DecodeMode | undefined> = Mode extends 'raw'
  ? string | Uint8Array
  : Mode extends 'json'
    ? JsonValue | Uint8Array
    : SecretValue;
