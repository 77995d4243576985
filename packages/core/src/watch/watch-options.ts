import { parseDuration } from '../duration.js';
import { ValidationError } from '../errors.js';
import { readOptions } from '../read-options.js';

/** The shortest interval a watch takes: below it, polling costs more than it tells. */
export const MIN_INTERVAL_MS = 100;
/** @default '30s' */
export const DEFAULT_INTERVAL_MS = 30_000;

/** A watch's options once checked: its own, and the read options it passes to `getMany`. */
export interface ParsedWatch {
  readonly intervalMs: number;
  readonly onError: ((error: Error, path: string) => void) | undefined;
  readonly initial: boolean;
  readonly read: Readonly<Record<string, unknown>>;
}

/** Checks a watch's own options (throwing a `ValidationError`), before any network call. */
export function parseWatchOptions(options: unknown, where: { provider: string; path: string }): ParsedWatch {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new ValidationError('watch options must be an object', where);
  }
  const { interval, onError, initial, ...read } = readOptions(options, 'watch options', where) as Record<string, unknown>;
  for (const name of ['forceFetch', 'maxAge', 'default']) {
    if (name in read) throw new ValidationError(`option '${name}' does not apply to watch`, where);
  }
  let intervalMs = DEFAULT_INTERVAL_MS;
  if (interval !== undefined) {
    try {
      intervalMs = parseDuration(interval as string, 'watch interval');
    } catch (error) {
      throw new ValidationError((error as Error).message, where);
    }
    if (intervalMs < MIN_INTERVAL_MS) throw new ValidationError(`watch interval must be at least ${MIN_INTERVAL_MS} ms`, where);
  }
  if (onError !== undefined && typeof onError !== 'function') throw new ValidationError('watch onError must be a function', where);
  if (initial !== undefined && typeof initial !== 'boolean') throw new ValidationError('watch initial must be a boolean', where);
  return {
    intervalMs,
    onError: onError as ParsedWatch['onError'],
    initial: initial === true,
    read,
  };
}
