export { configure, get, getByPath, instance, pathExists, update } from './api';
export type { CacheAdapter, CacheEntry, MaybePromise } from './cache-adapter';
export { CofferClient, createClient } from './client';
export { type ClientOptions, type ClientStats, type CreateClientOptions, splitClientOptions } from './client-options';
export {
  checkKeypath,
  type DecodeMode,
  decodeValue,
  type Keypath,
  type SecretValue,
  walkKeypath,
} from './decode';
export { type Duration, parseDuration } from './duration';
export { CauseSummary } from './error-cause';
export { type CacheEnvironment, cacheEnvironment, cacheFromEnvironment } from './env-config';
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
} from './errors';
export { type MemoryCacheOptions, memoryCache } from './memory-cache';
export { type MemoryProvider, type MemoryProviderOptions, memoryProvider, type SeedValue } from './memory-provider';
export type { ExistsOptions, GetByPathOptions, GetOptions, UpdateOptions } from './options';
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
} from './provider';
export { type RefreshOnErrorOptions, refreshOnError } from './refresh-on-error';
export {
  type CacheSchemeFactory,
  type CacheSpecOptions,
  providerFactory,
  providerNames,
  registerCacheScheme,
  registerProvider,
} from './registry';
