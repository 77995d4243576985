export { configure, get, getByPath, instance, pathExists, update } from './api.js';
export type { CacheAdapter, CacheEntry, MaybePromise } from './cache-adapter.js';
export { CofferClient, createClient } from './client.js';
export { type ClientOptions, type ClientStats, type CreateClientOptions, splitClientOptions } from './client-options.js';
export {
  checkKeypath,
  type DecodeMode,
  decodeValue,
  type Keypath,
  type SecretValue,
  walkKeypath,
} from './decode.js';
export { type Duration, parseDuration } from './duration.js';
export { CauseSummary } from './error-cause.js';
export { type CacheEnvironment, cacheEnvironment, cacheFromEnvironment } from './env-config.js';
export {
  CacheError,
  CofferError,
  DecodeError,
  type ErrorCode,
  type ErrorContext,
  isCofferError,
  ProviderError,
  type ProviderErrorContext,
  SecretNotFoundError,
  UnknownProviderError,
  UnsupportedError,
  ValidationError,
} from './errors.js';
export { type MemoryCacheOptions, memoryCache } from './memory-cache.js';
export { type MemoryProvider, type MemoryProviderOptions, memoryProvider, type SeedValue } from './memory-provider.js';
export type { ExistsOptions, GetByPathOptions, GetOptions, UpdateOptions } from './options.js';
export type {
  CallContext,
  ListRequest,
  NormalizedRequest,
  Operation,
  OptionSchema,
  OptionType,
  Provider,
  ProviderBase,
  ProviderFactory,
  ProviderOptions,
  RawSecret,
  ReadRequest,
  SecretInput,
  UpdateRequest,
} from './provider.js';
export { importOptional, provideModule, requireOptional } from './optional-module.js';
export { type RefreshOnErrorOptions, refreshOnError } from './refresh-on-error.js';
export {
  type CacheSchemeFactory,
  type CacheSpecOptions,
  providerFactory,
  providerNames,
  registerCacheScheme,
  registerProvider,
} from './registry.js';
