import { type RawSecret, type SecretInput, ValidationError } from '@coffer/core';

/**
 * The field a text secret is kept in: `update('vault', 'app/token', 'abc')` writes
 * `{ value: 'abc' }`, as `vault kv put secret/app/token value=abc` does, and such a secret
 * (one field, named `value`, holding text) reads back as `'abc'`.
 *
 * @example
 * ```ts
 * await client.update('app/token', 'abc'); // stored as { value: 'abc' }
 * ```
 */
export const TEXT_FIELD = 'value';

/**
 * The raw form of a secret's fields: the text of a text secret (unless `unwrap` is false), else
 * the fields as JSON, which the client's `'auto'` decoding turns back into an object.
 */
export function rawOf(data: Record<string, unknown>, unwrap: boolean): RawSecret {
  const keys = Object.keys(data);
  if (unwrap && keys.length === 1 && keys[0] === TEXT_FIELD && typeof data[TEXT_FIELD] === 'string') {
    return { value: data[TEXT_FIELD] };
  }
  return { value: JSON.stringify(data) };
}

/** The object a text holds, when it is the JSON of one (`coffer update vault app/db '{"a":1}'`). */
function objectIn(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The fields to write for a value: an object (or the JSON text of one, which reads back the same
 * under `'auto'` decoding) is the fields; other text goes into {@link TEXT_FIELD}.
 */
export function fieldsOf(value: SecretInput, path: string): Record<string, unknown> {
  if (typeof value === 'string') return objectIn(value) ?? { [TEXT_FIELD]: value };
  if (value instanceof Uint8Array || Array.isArray(value)) {
    throw new ValidationError('a Vault secret is an object of fields or a text: write bytes as base64, a list as { items: [...] }', {
      provider: 'vault',
      path,
    });
  }
  return { ...(value as Record<string, unknown>) };
}
