import type { CacheAdapter } from './cache-adapter.js';
import { ValidationError } from './errors.js';

const METHODS = ['get', 'set', 'delete', 'clear'] as const;
const WHAT_TO_PASS =
  "pass a cache adapter such as memoryCache() or keyvCache(), or false for none (a name such as 'memory' or 'sqlite' goes in COFFER_CACHE)";

/**
 * Checks a client's `cache` option: absent (the environment decides), `false` (no cache) or a
 * {@link CacheAdapter}. Anything else is a `ValidationError` saying what to pass instead.
 */
export function checkCacheOption(cache: unknown): CacheAdapter | false | undefined {
  if (cache === undefined || cache === false) return cache;
  if (cache === null || typeof cache !== 'object') throw new ValidationError(`cache must be a cache adapter: ${WHAT_TO_PASS}`);
  const adapter = cache as Partial<Record<string, unknown>>;
  let missing: string[];
  try {
    missing = METHODS.filter((method) => typeof adapter[method] !== 'function');
  } catch {
    throw new ValidationError(`cache could not be read (a proxy threw): ${WHAT_TO_PASS}`);
  }
  if (missing.length > 0) throw new ValidationError(`cache lacks ${missing.join(', ')}: ${WHAT_TO_PASS}`);
  if (typeof adapter.name !== 'string') throw new ValidationError('cache must have a name (a string such as "memory")');
  if (adapter.ttl !== undefined && !(typeof adapter.ttl === 'number' && Number.isFinite(adapter.ttl) && adapter.ttl >= 0)) {
    throw new ValidationError('cache ttl must be a non-negative number of milliseconds');
  }
  if (adapter.peek !== undefined && typeof adapter.peek !== 'function') throw new ValidationError('cache peek must be a function');
  return cache as CacheAdapter;
}
