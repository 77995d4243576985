import { type RawSecret, type SecretInput, ValidationError } from '@coffer/core';

/** Secret Manager's limit on one version's payload. */
export const MAX_PAYLOAD = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A payload as coffer returns it: text when the bytes are valid UTF-8 (what every text secret
 * is), else the bytes themselves, never decoded. Secret Manager stores bytes only and has no
 * text or binary flag, so this is the one rule that reads both back as written.
 *
 * @example
 * ```ts
 * secretValueOf(Buffer.from('aGk=', 'base64')); // 'hi'
 * ```
 */
export function secretValueOf(bytes: Uint8Array): RawSecret['value'] {
  try {
    return utf8.decode(bytes);
  } catch {
    // A plain Uint8Array, not a Buffer: Buffer's slice() is a view, so a caller's copy would not be one.
    return new Uint8Array(bytes);
  }
}

/**
 * The payload `update` writes: text as UTF-8, bytes as they are, objects and lists as JSON.
 * Larger than 64 KiB is a `ValidationError`, before any call.
 *
 * @example
 * ```ts
 * payloadOf({ user: 'app' }, 'db'); // the bytes of '{"user":"app"}'
 * ```
 */
export function payloadOf(value: SecretInput, path: string): Uint8Array {
  const bytes = value instanceof Uint8Array ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  if (bytes.length > MAX_PAYLOAD) {
    throw new ValidationError(`value is ${bytes.length} bytes; Secret Manager takes at most ${MAX_PAYLOAD}`, { provider: 'gcp.sm', path });
  }
  return bytes;
}
