/**
 * Deep-freezes a decoded value so that one cached copy can be handed to every caller without any
 * of them being able to change what the cache holds. Bytes cannot be frozen: they are copied on
 * the way out instead (see {@link handOut}).
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Object.isFrozen(value)) {
    return value;
  }
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/**
 * What a caller receives of a cached value: the frozen value itself, or a copy of bytes. The
 * copy is made by `Uint8Array.prototype.slice`: a Node `Buffer`'s own `slice` shares its memory.
 */
export function handOut<T>(value: T): T {
  return value instanceof Uint8Array ? (Uint8Array.prototype.slice.call(value) as T) : value;
}
