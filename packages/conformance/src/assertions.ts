import assert from 'node:assert/strict';
import { CofferError, type ErrorCode } from '@coffer/core';

/** Awaits a promise that must reject with a CofferError of `code`, and returns the error. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<CofferError> {
  const error = await promise.then(
    (value) => {
      throw new assert.AssertionError({ message: `expected a ${code} error, got a value of type ${typeof value}` });
    },
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof CofferError, `expected a CofferError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

/** Bytes as a plain array, recursively: a cache may give back a Buffer for a Uint8Array. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Deep equality of values as a caller sees them (frozen or not, Buffer or Uint8Array). */
export function same(actual: unknown, expected: unknown, message?: string): void {
  assert.deepEqual(plain(actual), plain(expected), message);
}
