import type { CacheAdapter, CacheEntry } from '../cache-adapter.js';
import { walkKeypath } from '../decode.js';
import { isCofferError } from '../errors.js';
import type { MissEvent } from '../events.js';
import { handOut } from '../freeze.js';
import { isKeypath } from '../options.js';
import type { Breaker } from './breaker.js';
import type { Freshness } from './freshness.js';
import { hotNow } from './hot-clock.js';
import type { Loader } from './load.js';
import type { Prepared, Read } from './prepared.js';
import type { ReadMemo } from './read-memo.js';
import type { ReadStats } from './stats.js';
import type { Store } from './store.js';

/** What the answer stage is built from. */
export interface AnswerParts {
  readonly name: string;
  /** The cache, when it answers synchronously (`peek`): the hot path reads it. */
  readonly peekable: CacheAdapter | undefined;
  readonly memo: ReadMemo<Prepared>;
  readonly freshness: Freshness;
  readonly store: Store;
  readonly loader: Loader;
  readonly breaker: Breaker;
  readonly stats: ReadStats;
  /** How long an expired value that can be served stale waits for its refresh; 0: no bound. */
  readonly staleWaitMs: number;
}

/** Why a stale value answered a read whose refresh was slower than the bound. */
const SLOW = { code: 'TIMEOUT' };
const noop = (): undefined => undefined;

/**
 * The answer stage. Its promise: a read is answered from a fresh entry without a load; an
 * expired entry that can be served stale never waits longer than `staleWaitMs` for its refresh,
 * and not at all while its key (or the backend) is failing (one refresh per key per back-off
 * window goes on behind it); the keypath is walked and the value handed out as a frozen copy.
 */
export class Answer {
  // The hot path's parts, read from fields (not through `parts`): it costs a few nanoseconds each.
  readonly #cache: CacheAdapter | undefined;
  readonly #memo: ReadMemo<Prepared>;
  readonly #freshness: Freshness;
  readonly #store: Store;
  readonly #stats: ReadStats;
  /** No refresh-ahead: an entry is served until it expires. */
  readonly #plain: boolean;
  #lastPath: string | undefined;
  #last: Prepared | undefined;

  constructor(private readonly parts: AnswerParts) {
    this.#cache = parts.peekable;
    this.#memo = parts.memo;
    this.#freshness = parts.freshness;
    this.#store = parts.store;
    this.#stats = parts.stats;
    this.#plain = parts.freshness.refreshAt === 0;
  }

  /**
   * The hot path: a read seen before, of a fresh entry in a synchronous (memory) cache, costs a
   * memo walk and a map lookup. `undefined` when it cannot answer (the full path says why).
   */
  hot(path: string, options: { readonly [name: string]: unknown } | undefined): Promise<unknown> | undefined {
    // Reads without options have a path of their own, so that theirs stays monomorphic.
    if (options === undefined) return this.#hotPlain(path);
    const known = this.#recall(path, options);
    if (known === undefined) return undefined;
    try {
      const entry = this.#cache!.peek!(known.key);
      if (entry === undefined || !this.#servable(entry, known)) return undefined;
      const keypath = options.keypath as readonly (string | number)[] | undefined;
      let answer: Promise<unknown>;
      if (keypath === undefined) answer = this.#answerOf(entry, known);
      else {
        const value = handOut(walkKeypath(entry.value, keypath, { provider: this.parts.name, path }));
        answer = Promise.resolve(known.metadata ? withMetadata(entry, value) : value);
      }
      this.#answered(entry, known);
      return answer;
    } catch {
      // A missing key, a bad keypath or a failing cache: the full path below says which.
      return undefined;
    }
  }

  /** The hot path of a read without options; the last one answered skips the memo walk. */
  #hotPlain(path: string): Promise<unknown> | undefined {
    const known = path === this.#lastPath ? this.#last : this.#recall(path, undefined);
    if (known === undefined) return undefined;
    try {
      const entry = this.#cache!.peek!(known.key);
      if (entry === undefined || !this.#servable(entry, known)) return undefined;
      const answer = this.#answerOf(entry, known);
      this.#answered(entry, known);
      if (known !== this.#last) {
        this.#lastPath = path;
        this.#last = known;
      }
      return answer;
    } catch {
      return undefined;
    }
  }

  /** Counts a hot answer, and notes that the entry was read since it was stored (piggybacking refreshes those). */
  #answered(entry: CacheEntry, known: Prepared): void {
    this.#stats.hit('get', known.request.path);
    if (known.readStoredAt !== entry.storedAt) known.readStoredAt = entry.storedAt;
  }

  /**
   * The promise a read of the whole `entry` answers with: made once per entry and handed to every
   * read of it (it is settled, and the value frozen), so a cached read allocates nothing. Bytes are
   * copied for each read instead.
   */
  #answerOf(entry: CacheEntry, known: Prepared): Promise<unknown> {
    if (entry === known.hotEntry) return known.hotAnswer as Promise<unknown>;
    const { value } = entry;
    if (value instanceof Uint8Array) {
      const copy = handOut(value);
      return Promise.resolve(known.metadata ? withMetadata(entry, copy) : copy);
    }
    const answer = Promise.resolve(known.metadata ? withMetadata(entry, value) : value);
    known.hotEntry = entry;
    known.hotAnswer = answer;
    return answer;
  }

  /** The remembered read the hot path can answer, if any (a bad keypath cannot). */
  #recall(path: string, options: { readonly [name: string]: unknown } | undefined): Prepared | undefined {
    if (this.#cache === undefined) return undefined;
    const known = this.#memo.get('get', path, options);
    if (known === undefined) return undefined;
    try {
      const keypath = options?.keypath;
      return keypath === undefined || isKeypath(keypath) ? known : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the hot path may serve `entry`: fresh, not due for refresh-ahead, not older than an own update or clear. */
  #servable(entry: CacheEntry, known: Prepared): boolean {
    // Without `maxAge` or refresh-ahead, served until it expires: no call into the freshness rules.
    const until = known.maxAgeMs === undefined && this.#plain ? entry.expiresAt : this.#freshness.servedUntil(entry, known.maxAgeMs);
    return hotNow(this.#stats.counts.hits) < until && this.#store.servesFresh(entry, known.subject);
  }

  /** Forgets the last read answered (its memo entry may be gone). */
  forget(): void {
    this.#lastPath = undefined;
    this.#last = undefined;
  }

  /** Answers `read` from `entry` when fresh, else loads it. */
  answer(read: Read, found: CacheEntry | undefined): Promise<unknown> {
    const { prepared, parsed } = read;
    const { freshness, store, stats } = this.parts;
    const entry = found !== undefined && store.usable(found, prepared.subject, prepared.operation === 'list') ? found : undefined;
    if (entry !== undefined) {
      const now = Date.now();
      if (now < freshness.freshUntil(entry, parsed.maxAgeMs) && store.current(entry)) {
        stats.hit(prepared.operation, prepared.request.path);
        prepared.readStoredAt = entry.storedAt;
        if (freshness.refreshDue(entry, now)) this.#refresh(read);
        return settle(() => this.#project(entry, read));
      }
    }
    return this.fetch(read, entry, entry === undefined ? 'absent' : 'expired');
  }

  /** Loads `read`; an expired entry answers when the backend fails, or is slower than the bound. */
  fetch(read: Read, expired: CacheEntry | undefined, reason: MissEvent['reason']): Promise<unknown> {
    const { prepared } = read;
    const { freshness, breaker, loader, stats } = this.parts;
    stats.miss(prepared.operation, prepared.request.path, reason);
    if (expired === undefined || !freshness.mayServeStale(expired, Date.now())) {
      return loader.load(read, false).then(
        (entry) => this.#project(entry, read),
        (error: unknown) => this.#failed(read, error, undefined),
      );
    }
    if (breaker.failing(prepared.key)) {
      // Failing: answer at once; the refresh (if its window allows one) goes on behind.
      this.#refresh(read);
      const where = { provider: this.parts.name, path: prepared.request.path };
      stats.stale(prepared.operation, prepared.request.path, breaker.refusal(prepared.key, where, Date.now()));
      return settle(() => this.#project(expired, read));
    }
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (answer: () => unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        try {
          resolve(answer());
        } catch (error) {
          reject(error);
        }
      };
      const timer =
        this.parts.staleWaitMs > 0
          ? setTimeout(() => {
              stats.stale(prepared.operation, prepared.request.path, SLOW);
              finish(() => this.#project(expired, read));
            }, this.parts.staleWaitMs)
          : undefined;
      loader.load(read, true).then(
        (entry) => finish(() => this.#project(entry, read)),
        (error: unknown) => finish(() => this.#failed(read, error, expired)),
      );
    });
  }

  /** A background refresh of `read` (refresh-ahead, or recovery after failures). */
  #refresh(read: Read): void {
    this.parts.stats.refresh();
    this.parts.loader.load(read, true).catch(noop);
  }

  #failed(read: Read, error: unknown, expired: CacheEntry | undefined): unknown {
    const { prepared, parsed } = read;
    if (expired && this.parts.freshness.servesStale(error, expired, Date.now())) {
      this.parts.stats.stale(prepared.operation, prepared.request.path, error);
      return this.#project(expired, read);
    }
    if (parsed.hasDefault && isCofferError(error, 'SECRET_NOT_FOUND')) return parsed.defaultValue;
    throw error;
  }

  /**
   * What a caller gets of an entry: the keypath walked (a missing key answered by the default
   * when there is one), bytes copied; with `metadata: true`, beside what the backend said.
   */
  #project(entry: CacheEntry, { prepared, parsed }: Read): unknown {
    let value: unknown;
    if (parsed.keypath === undefined || parsed.keypath.length === 0) value = handOut(entry.value);
    else {
      try {
        value = handOut(walkKeypath(entry.value, parsed.keypath, { provider: this.parts.name, path: prepared.request.path }));
      } catch (error) {
        if (parsed.hasDefault && isCofferError(error, 'SECRET_NOT_FOUND')) return parsed.defaultValue;
        throw error;
      }
    }
    return prepared.metadata ? withMetadata(entry, value) : value;
  }
}

/** A `metadata: true` read's answer: the value beside what the backend said of it, frozen. */
function withMetadata(entry: CacheEntry, value: unknown): unknown {
  const { version, updatedAt, fields } = entry.metadata ?? {};
  return Object.freeze({
    value,
    ...(version !== undefined ? { version } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    fields: Object.freeze({ ...fields }),
  });
}

/** Runs `answer` into a promise (a throw becomes a rejection). */
function settle(answer: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(answer());
  } catch (error) {
    return Promise.reject(error);
  }
}
