import type { CofferClient } from './client.js';
import { ValidationError } from './errors.js';

/**
 * Options of {@link refreshOnError}.
 * @example
 * ```ts
 * refreshOnError(connect, { client: ps, paths: ['/prod/db/password'], when: AuthError });
 * ```
 */
export interface RefreshOnErrorOptions {
  /** The client holding the secrets to refresh. */
  client: CofferClient;
  /** The paths to refresh when the call fails. */
  paths: readonly string[];
  /**
   * Which errors mean "the secret changed": an error class, or a predicate.
   * @default every error
   */
  when?: (new (...args: never[]) => Error) | ((error: unknown) => boolean);
  /** Runs after the refresh and before the second call (reconnect a pool, say). */
  onRefresh?: (error: unknown) => void | Promise<void>;
}

/**
 * Wraps an async function so that when it throws a matching error (say, the database refused a
 * password that was just rotated), the named secrets are refreshed, `onRefresh` runs, and the
 * function is called once more. A second failure is thrown as it is.
 *
 * @example
 * ```ts
 * const query = refreshOnError(
 *   async (sql: string) => connect(await ps.get<string>('/prod/db/password')).query(sql),
 *   { client: ps, paths: ['/prod/db/password'], when: (e) => (e as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR' },
 * );
 * await query('select 1');
 * ```
 */
export function refreshOnError<Args extends unknown[], Result>(
  fn: (...args: Args) => Promise<Result>,
  options: RefreshOnErrorOptions,
): (...args: Args) => Promise<Result> {
  if (typeof fn !== 'function') throw new ValidationError('refreshOnError needs a function');
  if (!options?.client || !Array.isArray(options.paths) || options.paths.length === 0) {
    throw new ValidationError('refreshOnError needs a client and at least one path');
  }
  const { client, paths, when, onRefresh } = options;
  const matches = (error: unknown): boolean => {
    if (when === undefined) return true;
    if (when.prototype instanceof Error || when === Error) return error instanceof (when as new () => Error);
    return (when as (error: unknown) => boolean)(error);
  };
  return async (...args: Args) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (!matches(error)) throw error;
      for (const path of paths) await client.refresh(path);
      await onRefresh?.(error);
      return fn(...args);
    }
  };
}
