import { type CacheAdapter, readOptions, ValidationError } from '@coffer/core';
import type { KeyvCacheOptions } from './keyv-cache.js';

/**
 * The options of `keyvCache`, read once and checked for type: a wrong type is a
 * `ValidationError` here, never a TypeError from deep inside `crypto` or the store.
 */
export function checkKeyvOptions(options: unknown): KeyvCacheOptions {
  const given = readOptions(options, 'keyvCache options');
  for (const name of ['path', 'namespace', 'name'] as const) {
    if (given[name] !== undefined && typeof given[name] !== 'string') throw new ValidationError(`keyvCache ${name} must be a string`);
  }
  const { store } = given;
  if (store !== undefined && (store === null || (typeof store !== 'object' && typeof store !== 'function'))) {
    throw new ValidationError('keyvCache store must be a Keyv store, or a function that makes one');
  }
  return given as KeyvCacheOptions;
}

/** Checks that each tier of `tieredCache` is a cache adapter (a throwing proxy is refused too). */
export function checkTier(tier: unknown, label: 'l1' | 'l2'): CacheAdapter {
  const refuse = (why: string): never => {
    throw new ValidationError(`tieredCache ${label} ${why}: pass a cache adapter such as memoryCache()`);
  };
  if (tier === null || typeof tier !== 'object') refuse('is not a cache adapter');
  let lacking: string | undefined;
  try {
    const adapter = tier as Record<string, unknown>;
    lacking = ['get', 'set', 'delete', 'clear'].find((method) => typeof adapter[method] !== 'function');
    if (lacking === undefined && typeof adapter.name !== 'string') lacking = 'a name';
  } catch {
    refuse('could not be read');
  }
  if (lacking !== undefined) refuse(`lacks ${lacking}`);
  return tier as CacheAdapter;
}
