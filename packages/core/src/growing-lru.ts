import { LRUCache } from 'lru-cache';

const ONE = () => 1;

/**
 * A `lru-cache` bounded to `max` entries that grows as it is used instead of allocating its
 * `max` slots when made: lru-cache preallocates arrays of `max` for a `max` bound, which for the
 * read path's bookkeeping maps (10,000 each, most of them empty for a process's life) cost
 * milliseconds of every cold start. The bound is the same: each entry counts 1 of `maxSize`.
 *
 * @example
 * ```ts
 * const windows = growingLru<string, number>(10_000);
 * ```
 */
export function growingLru<K extends {}, V extends {}>(
  max: number,
  options: Omit<LRUCache.Options<K, V, unknown>, 'max' | 'maxSize' | 'sizeCalculation'> = {},
): LRUCache<K, V> {
  return new LRUCache<K, V>({ ...options, maxSize: max, sizeCalculation: ONE });
}
