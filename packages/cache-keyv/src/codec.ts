import type { CacheEntry, SecretMetadata } from '@coffer/core';

const BYTES = '$bytes';
const OBJECT = '$object';

/**
 * Turns a cache entry into JSON text that keeps every value type the client stores: text,
 * numbers, booleans, null, arrays, plain objects and `Uint8Array` (also nested in a listing).
 * Bytes become `{ "$bytes": base64 }`; an object whose only key happens to be `$bytes` or
 * `$object` is wrapped in `{ "$object": … }` so it never reads back as bytes. What the backend
 * said about the value (`metadata`) is kept beside it.
 */
export function encodeEntry(entry: CacheEntry): string {
  const { metadata } = entry;
  return JSON.stringify({ v: encodeValue(entry.value), s: entry.storedAt, e: entry.expiresAt, ...(metadata ? { m: metadata } : {}) });
}

/** The entry {@link encodeEntry} wrote, with values frozen, or `undefined` for anything else. */
export function decodeEntry(text: string): CacheEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || typeof parsed.s !== 'number' || typeof parsed.e !== 'number' || !('v' in parsed)) return undefined;
  const entry: CacheEntry = { value: decodeValue(parsed.v), storedAt: parsed.s, expiresAt: parsed.e };
  const metadata = metadataOf(parsed.m);
  return metadata === undefined ? entry : { ...entry, metadata };
}

/** The metadata an entry was written with: only the fields and types `SecretMetadata` has. */
function metadataOf(value: unknown): SecretMetadata | undefined {
  if (!isRecord(value)) return undefined;
  const { version, updatedAt, fields } = value;
  return Object.freeze({
    ...(typeof version === 'string' ? { version } : {}),
    ...(typeof updatedAt === 'string' ? { updatedAt } : {}),
    ...(isRecord(fields) ? { fields: decodeValue(fields) as SecretMetadata['fields'] } : {}),
  });
}

function encodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return { [BYTES]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  // fromEntries defines own properties, so a '__proto__' key stays a key.
  const out = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encodeValue(item)]));
  const keys = Object.keys(out);
  return keys.length === 1 && (keys[0] === BYTES || keys[0] === OBJECT) ? { [OBJECT]: out } : out;
}

// Decoded objects are frozen: a tiered cache hands one copy to many callers.
function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(decodeValue));
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === BYTES && typeof record[BYTES] === 'string') {
    return new Uint8Array(Buffer.from(record[BYTES], 'base64'));
  }
  const source = keys.length === 1 && keys[0] === OBJECT && isRecord(record[OBJECT]) ? record[OBJECT] : record;
  return Object.freeze(Object.fromEntries(Object.entries(source).map(([key, item]) => [key, decodeValue(item)])));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
