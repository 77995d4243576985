import type { CacheEntry } from '../cache-adapter.js';
import type { ParsedOptions } from '../options.js';
import type { NormalizedRequest } from '../provider.js';

/** A read or listing after its path and options were checked and normalised: its cache key. */
export interface Prepared {
  readonly operation: 'get' | 'list';
  readonly key: string;
  readonly request: NormalizedRequest;
  /** The secret the entry is about (a listing: the path it lists). */
  readonly subject: string;
  /** `maxAge` (part of the memo's path, so the hot path can use it without parsing). */
  readonly maxAgeMs: number | undefined;
  /** `metadata: true`: the answer is the value with what the backend said about it. */
  readonly metadata: boolean;
  /** The `storedAt` of the entry this read last found fresh: it was read since it was cached. */
  readStoredAt?: number;
  /** The entry the hot path last answered a whole-value read of, and the promise it answered with. */
  hotEntry?: CacheEntry;
  hotAnswer?: Promise<unknown>;
}

/** Drops the promise the hot path hands out for `prepared` (and the value it holds). */
export function forgetAnswer(prepared: Prepared): void {
  prepared.hotEntry = undefined;
  prepared.hotAnswer = undefined;
}

/** The key of the client's method that reports `ReadPipeline.held` (internal: the package does not export it). */
export const HELD = Symbol('coffer.held');

/** A prepared read with its parsed options: what every stage below the answer is handed. */
export interface Read {
  readonly prepared: Prepared;
  readonly parsed: ParsedOptions;
}
