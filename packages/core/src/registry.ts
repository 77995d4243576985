import type { CacheAdapter } from './cache-adapter.js';
import { didYouMean } from './did-you-mean.js';
import { UnknownProviderError, ValidationError } from './errors.js';
import { loadFromApp } from './optional-module.js';
import type { ProviderFactory } from './provider.js';
import type { ProviderOptionsOf, TypesOf } from './provider-types.js';

/**
 * Makes a cache from a `COFFER_CACHE` spec such as `sqlite:///tmp/c.db` or `redis://host:6379`.
 * @example
 * ```ts
 * registerCacheScheme('memcached', (spec, { namespace, ttl }) => memcachedCache(spec, namespace, ttl));
 * ```
 */
export type CacheSchemeFactory = (spec: string, options: CacheSpecOptions) => CacheAdapter;

/**
 * What a cache scheme factory is given besides the spec, all from the environment.
 * @example
 * ```ts
 * const factory: CacheSchemeFactory = (spec, { namespace, ttl, encryptionKey }) => keyvCache({ namespace, ttl, encryptionKey });
 * ```
 */
export interface CacheSpecOptions {
  /** Keeps clients apart in a shared store: provider name and scope. */
  namespace: string;
  /** `COFFER_CACHE_TTL`, in milliseconds. */
  ttl?: number;
  /** `COFFER_CACHE_MAX`. */
  max?: number;
  /** `COFFER_CACHE_KEY`: a base64 32-byte key. */
  encryptionKey?: string;
}

interface Registry {
  providers: Map<string, ProviderFactory<never>>;
  cacheSchemes: Map<string, CacheSchemeFactory>;
  /** Told the name each time a provider is registered (the top-level API replaces that instance). */
  listeners?: Set<(name: string) => void>;
}

// One registry per process, even when two copies of @coffer/core are installed.
const REGISTRY_KEY = Symbol.for('coffer.registry');
const holder = globalThis as Record<symbol, Registry | undefined>;
holder[REGISTRY_KEY] ??= { providers: new Map(), cacheSchemes: new Map() };
const registry: Registry = holder[REGISTRY_KEY];
registry.listeners ??= new Set();
const listeners = registry.listeners;

/** The built-in provider names and the package that brings each. */
export const BUILTIN_PROVIDERS: Readonly<Record<string, string>> = {
  'aws.ps': '@coffer/aws-ps',
  'aws.sm': '@coffer/aws-sm',
  'aws.dynamodb': '@coffer/aws-dynamodb',
  'gcp.sm': '@coffer/gcp-sm',
  env: '@coffer/local',
  file: '@coffer/local',
  vault: '@coffer/vault',
};

const NAME = /^[a-z][a-z0-9]*([.-][a-z0-9]+)*$/;

/**
 * Plugs a provider in under a name, for the top-level functions and the CLI. Registering a name
 * again replaces the factory and that name's shared instance (which is closed); the shared
 * instances of other names, and their caches, are kept.
 *
 * @example
 * ```ts
 * registerProvider('vault', (options) => vaultProvider(options));
 * await get('vault', 'kv/app');
 * ```
 */
export function registerProvider<Name extends string>(
  name: Name,
  factory: ProviderFactory<ProviderOptionsOf<TypesOf<Name>, 'configure'>>,
): void {
  if (typeof name !== 'string' || !NAME.test(name)) throw new ValidationError(`provider name must look like 'vault' or 'aws.ps'`);
  if (typeof factory !== 'function') throw new ValidationError('provider factory must be a function', { provider: name });
  registry.providers.set(name, factory as ProviderFactory<never>);
  for (const listener of listeners) listener(name);
}

/**
 * The factory registered under `name`. For a built-in name whose package is installed but not
 * yet imported, the package is loaded; when it is not installed, `UnknownProviderError` names it.
 *
 * @example
 * ```ts
 * const factory = providerFactory('memory');
 * ```
 */
export function providerFactory(name: string): ProviderFactory<Record<string, unknown>> {
  if (typeof name !== 'string' || name === '') throw new ValidationError('provider name must be a non-empty string');
  let factory = registry.providers.get(name);
  const pkg = BUILTIN_PROVIDERS[name];
  if (!factory && pkg) {
    loadFromApp(pkg);
    factory = registry.providers.get(name);
    if (!factory)
      throw new UnknownProviderError(`provider '${name}' is not installed: install ${pkg} (or coffer, which has every provider)`);
  }
  if (!factory) {
    const names = [...new Set([...registry.providers.keys(), ...Object.keys(BUILTIN_PROVIDERS)])].sort();
    throw new UnknownProviderError(`unknown provider '${name}'${didYouMean(name, names)}; known: ${names.join(', ')}`);
  }
  return factory as ProviderFactory<Record<string, unknown>>;
}

/**
 * The registered provider names, sorted.
 * @example
 * ```ts
 * providerNames(); // ['aws.ps', 'aws.sm', 'env', 'file', 'memory']
 * ```
 */
export function providerNames(): string[] {
  return [...registry.providers.keys()].sort();
}

/** Calls `listener` with the name each time a provider is registered (or registered again). */
export function onProviderRegistered(listener: (name: string) => void): void {
  listeners.add(listener);
}

/**
 * Plugs in a cache backend for `COFFER_CACHE` specs starting with `scheme` (`sqlite`, `redis`).
 * `@coffer/cache-keyv` registers its schemes when imported.
 *
 * @example
 * ```ts
 * registerCacheScheme('mycache', (spec, { namespace }) => myCache(spec, namespace));
 * ```
 */
export function registerCacheScheme(scheme: string, factory: CacheSchemeFactory): void {
  registry.cacheSchemes.set(scheme, factory);
}

/** The `COFFER_CACHE` schemes `@coffer/cache-keyv` registers. */
export const KEYV_SCHEMES: readonly string[] = ['sqlite', 'redis', 'rediss', 'redis+cluster', 'rediss+cluster'];

/** The cache factory for a scheme, loading `@coffer/cache-keyv` for its schemes when needed. */
export function cacheSchemeFactory(scheme: string): CacheSchemeFactory | undefined {
  if (!registry.cacheSchemes.has(scheme) && KEYV_SCHEMES.includes(scheme)) loadFromApp('@coffer/cache-keyv');
  return registry.cacheSchemes.get(scheme);
}
