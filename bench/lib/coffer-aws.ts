import type { CacheAdapter, CofferClient } from '@coffer/core';

/** The constructor options the bench uses of `ParameterStore` and `SecretsManager`. */
export interface AwsClientOptions {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
  timeoutMs?: number;
  cache?: CacheAdapter | false;
  ttl?: number | string;
  staleIfError?: number | string | false;
}

export type AwsClientClass = new (options?: AwsClientOptions) => CofferClient;

function optional<T>(load: () => T): T | undefined {
  try {
    return load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** `ParameterStore` from the built `@coffer/aws-ps`, or undefined while that package is not built yet. */
export function parameterStoreClass(): AwsClientClass | undefined {
  return optional(() => require('@coffer/aws-ps').ParameterStore as AwsClientClass | undefined);
}

/** `SecretsManager` from the built `@coffer/aws-sm`, or undefined while that package is not built yet. */
export function secretsManagerClass(): AwsClientClass | undefined {
  return optional(() => require('@coffer/aws-sm').SecretsManager as AwsClientClass | undefined);
}

/** `keyvCache` from the built `@coffer/cache-keyv`, or undefined while that package is not built yet. */
export function keyvCacheFactory(): ((options: { path?: string; encryptionKey?: string }) => CacheAdapter) | undefined {
  return optional(() => require('@coffer/cache-keyv').keyvCache);
}
