export { get, getByPath, getMany, pathExists, update, watch } from './api.js';
export { configure, instance } from './shared-instances.js';
export type { CacheAdapter, CacheEntry, InvalidationListener, MaybePromise } from './cache-adapter.js';
export { CofferClient } from './client.js';
export { createClient } from './create-client.js';
export { type ClientOptions, type ClientStats, type CreateClientOptions, splitClientOptions } from './client-options.js';
export {
  checkKeypath,
  type DecodeMode,
  decodeValue,
  type Keypath,
  walkKeypath,
} from './decode.js';
export { closestName, didYouMean } from './did-you-mean.js';
export { growingLru } from './growing-lru.js';
export {
  type BackendCallEvent,
  type CacheEvent,
  COFFER_CHANNELS,
  type ErrorEvent,
  type InvalidationEvent,
  type MissEvent,
  type StaleEvent,
} from './events.js';
export { type Duration, type DurationUnit, parseDuration } from './duration.js';
export { CauseSummary } from './error-cause.js';
export type { GetManyOptions, ManyPaths, ManyResult } from './get-many.js';
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
  type ProviderFailure,
  SecretNotFoundError,
  UnknownProviderError,
  UnsupportedError,
  ValidationError,
} from './errors.js';
export {
  type HttpJsonRequest,
  type HttpJsonResponse,
  HttpJsonTransport,
  type HttpJsonTransportOptions,
} from './http-transport.js';
export { type CofferLogger, processWarnings } from './logger.js';
export { type MemoryCacheOptions, memoryCache } from './memory-cache.js';
export { mapLimited } from './map-limited.js';
export {
  type MemoryProvider,
  type MemoryProviderOptions,
  type MemoryProviderTypes,
  memoryProvider,
  type SeedValue,
} from './memory-provider.js';
export type {
  CoreExistsOptions,
  CoreGetByPathOptions,
  CoreGetOptions,
  CoreUpdateOptions,
  ExistsOptions,
  GetByPathOptions,
  GetOptions,
  InferredValue,
  ListValue,
  NoExtraOptions,
  ReadValue,
  UpdateOptions,
  ValueOfRead,
  ValueWithMetadata,
} from './operation-options.js';
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
  ProviderTypesTag,
  RawSecret,
  SecretMetadata,
  ReadRequest,
  SecretInput,
  UpdateRequest,
} from './provider.js';
export { importOptional, loadFromApp, provideModule, requireOptional, resolveFromApp } from './optional-module.js';
export type {
  CofferProviders,
  ConfigureOptions,
  ProviderName,
  ProviderOptionsOf,
  ProviderTypes,
  RuntimeProviderTypes,
  TypesOf,
} from './provider-types.js';
export { readOptions } from './read-options.js';
export { Breaker } from './read/breaker.js';
export type { BreakerOptions } from './resilience-options.js';
export { type RefreshOnErrorOptions, refreshOnError } from './refresh-on-error.js';
export {
  type CacheSchemeFactory,
  type CacheSpecOptions,
  providerFactory,
  providerNames,
  registerCacheScheme,
  registerProvider,
} from './registry.js';
export type { DecodedValue, JsonArray, JsonObject, JsonValue, SecretValue } from './secret-value.js';
export type {
  TopLevelWatch,
  Unwatch,
  WatchListener,
  WatchMethod,
  WatchOptions,
  WatchStream,
  WatchUpdate,
} from './watch/watch-types.js';
