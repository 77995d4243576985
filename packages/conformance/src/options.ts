import type { CacheAdapter, Provider } from '@coffer/core';
import type { TestRunner } from './runner.js';

/**
 * One fixture the suite asks the backend to hold before a test.
 * @example
 * ```ts
 * const seed = async (entries: SeedEntry[]) => { for (const { name, value } of entries) await backend.write(name, value); };
 * ```
 */
export interface SeedEntry {
  /** The full name, made with {@link ProviderSuiteOptions.nameOf}. */
  name: string;
  /** Text, a list (an SSM `StringList`; only when `capabilities.stringList`), or bytes (only when `capabilities.binary`). */
  value: string | string[] | Uint8Array;
}

/**
 * What a provider can do; the suite runs the tests of what it has.
 * @example
 * ```ts
 * const capabilities: ProviderCapabilities = { list: true, update: true, batch: true };
 * ```
 */
export interface ProviderCapabilities {
  /** `getByPath` works. @default false */
  list?: boolean;
  /** Names are `/`-separated and a non-recursive listing stops at one level. @default true */
  hierarchical?: boolean;
  /** `update` works. @default false */
  update?: boolean;
  /** `update` with `{ create: true }` makes a new secret. @default same as update */
  create?: boolean;
  /** Binary secrets come back as bytes. @default false */
  binary?: boolean;
  /** Lists (StringList) come back as `string[]`. @default false */
  stringList?: boolean;
  /** The provider reads several names in one call (`getMany`). @default false */
  batch?: boolean;
}

/**
 * Options of `providerSuite`.
 * @example
 * ```ts
 * providerSuite({ name: 'vault', make: () => vault(), seed: writeFixtures, capabilities: { list: true } });
 * ```
 */
export interface ProviderSuiteOptions {
  /** Shown in the test names. */
  name: string;
  /** A new provider for each test. */
  make: () => Provider | Promise<Provider>;
  /** Puts fixtures into the backend directly (not through the provider under test). */
  seed: (entries: SeedEntry[]) => Promise<void>;
  /** What the provider can do. */
  capabilities: ProviderCapabilities;
  /**
   * Makes a full name from a unique test prefix and segments.
   * @default (prefix, ...segments) => `/${prefix}/${segments.join('/')}`
   */
  nameOf?: (prefix: string, ...segments: string[]) => string;
  /** Timeout per test, in ms, handed to the runner's `it`. @default 20000 */
  timeoutMs?: number;
  /**
   * The test runner's `describe` and `it`.
   * @default the globals `describe` and `it` (jest, vitest with globals, mocha)
   */
  runner?: TestRunner;
}

/**
 * Options of `cacheSuite`.
 * @example
 * ```ts
 * cacheSuite({ name: 'sqlite', make: () => keyvCache({ path: '/tmp/test.db' }) });
 * ```
 */
export interface CacheSuiteOptions {
  /** Shown in the test names. */
  name: string;
  /** A new, empty cache for each test (it is closed after the test). */
  make: () => CacheAdapter | Promise<CacheAdapter>;
  /**
   * Whether entries really expire after their ttl (a shared store may keep them a little).
   * @default true
   */
  expires?: boolean;
  /**
   * The test runner's `describe` and `it`.
   * @default the globals `describe` and `it` (jest, vitest with globals, mocha)
   */
  runner?: TestRunner;
}
