import type { Duration } from '../duration.js';
import type { CofferError } from '../errors.js';
import type { GetOptions } from '../operation-options.js';
import type { SecretMetadata } from '../provider.js';
import type { ProviderName, TypesOf } from '../provider-types.js';
import type { SecretValue } from '../secret-value.js';

/**
 * Options of `watch`: how often to poll, where errors go, and the read options of `get`
 * (`keypath`, `decode`, a provider's own such as `decrypt` or `versionStage`).
 * @example
 * ```ts
 * client.watch('prod/db', reconnect, { interval: '30s', keypath: ['password'], onError: log });
 * ```
 */
export type WatchOptions<Types = {}> = Omit<GetOptions<Types>, 'forceFetch' | 'maxAge' | 'default'> & {
  /**
   * How often the backend is asked. Every path a client watches is polled together, so 100
   * aws.ps parameters cost ⌈100/10⌉ `GetParameters` per interval. An `update` in this process,
   * or a fleet invalidation of a shared cache, is delivered at once, without waiting for it.
   * @default '30s'
   */
  interval?: Duration;
  /**
   * Called when a poll of the path fails; the last good value stays. Without it, a failure is
   * one warning (its code, never a value) until the path reads again.
   */
  onError?: (error: CofferError, path: string) => void;
  /**
   * Also deliver the first value read, not only the changes after it.
   * @default false
   */
  initial?: boolean;
};

/**
 * One new version of a watched secret, as a listener or the async iterable gets it.
 * @example
 * ```ts
 * for await (const { value, version } of client.watch('prod/db')) pool.reconnect(value);
 * ```
 */
export interface WatchUpdate<Value = SecretValue> {
  /** The watched path, as given to `watch`. */
  readonly path: string;
  /** The new value, decoded and walked by `keypath` as `get` returns it. */
  readonly value: Value;
  /** The backend's version of it, when the backend tells (aws.sm `VersionId`, aws.ps `Version`). */
  readonly version?: string;
  /** What the backend said about the value, when it tells. */
  readonly metadata?: SecretMetadata;
}

/**
 * A function `watch` calls once per new version of the secret; a promise it returns is waited
 * for before the next call, and a failure of it goes to `onError`.
 * @example
 * ```ts
 * const listener: WatchListener<string> = (password) => pool.reconnect({ password });
 * ```
 */
export type WatchListener<Value = SecretValue> = (value: Value, update: WatchUpdate<Value>) => unknown;

/**
 * Stops a watch: no call after it returns. Calling it again does nothing.
 * @example
 * ```ts
 * const unwatch: Unwatch = client.watch('/app/flag', apply);
 * unwatch();
 * ```
 */
export type Unwatch = () => void;

/**
 * The async iterable `watch` returns without a listener: each new version as a
 * {@link WatchUpdate}. Leaving the loop (or `close()`) stops the watch.
 * @example
 * ```ts
 * const updates = client.watch('/app/flag');
 * for await (const { value } of updates) apply(value);
 * ```
 */
export interface WatchStream<Value = SecretValue> extends AsyncIterableIterator<WatchUpdate<Value>> {
  /** Stops the watch and ends the iteration. */
  close(): void;
}

/**
 * The `watch` method of a client over a provider whose types are `Types`.
 * @example
 * ```ts
 * const unwatch = client.watch('/app/flag', (value) => apply(value), { interval: '10s' });
 * ```
 */
export interface WatchMethod<Types = {}> {
  <Value = SecretValue>(path: string, listener: WatchListener<Value>, options?: WatchOptions<Types>): Unwatch;
  <Value = SecretValue>(path: string, listener?: undefined, options?: WatchOptions<Types>): WatchStream<Value>;
  <Value = SecretValue>(path: string, options: WatchOptions<Types>): WatchStream<Value>;
}

/**
 * The top-level `watch`: the `watch` of a provider's shared instance.
 * @example
 * ```ts
 * const unwatch = watch('aws.ps', '/app/flag', (value) => apply(value));
 * ```
 */
export interface TopLevelWatch {
  <Value = SecretValue, Name extends ProviderName = ProviderName>(
    provider: Name,
    path: string,
    listener: WatchListener<Value>,
    options?: WatchOptions<TypesOf<Name>>,
  ): Unwatch;
  <Value = SecretValue, Name extends ProviderName = ProviderName>(
    provider: Name,
    path: string,
    listener?: undefined,
    options?: WatchOptions<TypesOf<Name>>,
  ): WatchStream<Value>;
  <Value = SecretValue, Name extends ProviderName = ProviderName>(
    provider: Name,
    path: string,
    options: WatchOptions<TypesOf<Name>>,
  ): WatchStream<Value>;
}
