import type { CacheAdapter } from '../cache-adapter.js';
import { type CofferError, isCofferError, ValidationError } from '../errors.js';
import { channels, codeOf, type InvalidationEvent } from '../events.js';
import type { GetManyOptions, ManyPaths, ManyResult } from '../get-many.js';
import { processWarnings } from '../logger.js';
import { optionsKey } from '../options.js';
import { PollSchedule } from './poll-schedule.js';
import { type ParsedWatch, parseWatchOptions } from './watch-options.js';
import { watchStream } from './watch-stream.js';
import type { Unwatch, WatchListener, WatchStream } from './watch-types.js';
import { sameVersion, type Versioned, versionedOf } from './versioned.js';

/** The client, as a watch uses it: from the outside, through `getMany`. */
export interface WatchedClient {
  readonly providerName: string;
  getMany(paths: ManyPaths, options: GetManyOptions & { throwOnError: false }): Promise<ManyResult<unknown>>;
}

/** The two things a watch needs from its client's read pipeline. */
export interface WatchHooks {
  /** Checks a path and its read options (throwing a `ValidationError`); the secret it is about. */
  subjectOf(path: string, options: Readonly<Record<string, unknown>>): string;
  /** The cache keys an invalidation of `subject` reaches: to match fleet messages. */
  keysOf(subject: string): readonly string[];
}

/** One path read with one set of options, shared by every watch of it. */
interface Entry {
  readonly id: string;
  readonly path: string;
  readonly read: Readonly<Record<string, unknown>>;
  readonly subject: string;
  readonly subs: Set<Sub>;
  last?: Versioned;
  keys?: readonly string[];
  polling: boolean;
  /** Told of a change while a poll was under way (which may have read the old value). */
  again: boolean;
  warned: boolean;
}

interface Sub {
  readonly entry: Entry;
  readonly options: ParsedWatch;
  readonly listener: WatchListener<unknown>;
  seen?: Versioned;
  active: boolean;
  queue: Promise<void>;
}

/**
 * Every watch of one client. Polls are batched: all the paths due at one moment are read in one
 * `getMany` with `forceFetch` (aws.ps: 10 a `GetParameters`), whatever watch asked for them.
 * An invalidation in this process (an `update`, a `refresh`) or from the fleet (a shared cache)
 * polls the paths it names at once. A listener is called once per new version.
 */
export class WatchSet {
  readonly #entries = new Map<string, Entry>();
  readonly #schedule = new PollSchedule<Sub>((subs) => this.#poll(new Set(subs.map((sub) => sub.entry)), true));
  readonly #starting = new Set<Entry>();
  readonly #nudged = new Set<Entry>();
  #flushing = false;
  #metadata: Promise<boolean> | undefined;
  #stopFleet: (() => void) | undefined;
  #fleetLost = false;
  readonly #onInvalidation = (message: unknown) => {
    const { provider, subject } = message as InvalidationEvent;
    if (provider !== this.client.providerName) return;
    for (const entry of this.#entries.values()) if (subject === undefined || subject === entry.subject) this.#nudge(entry);
  };

  /** `cache`: the client's cache, whose fleet invalidations (when shared) are delivered at once. */
  constructor(
    private readonly client: WatchedClient,
    private readonly hooks: WatchHooks,
    private readonly cache: CacheAdapter | undefined,
  ) {}

  /** Starts a watch: with a listener, returns its unwatch; without, an async iterable. */
  watch(path: string, listenerOrOptions?: unknown, maybeOptions?: unknown): Unwatch | WatchStream<unknown> {
    const where = { provider: this.client.providerName, path };
    const listener = typeof listenerOrOptions === 'function' ? listenerOrOptions : undefined;
    if (listener === undefined && listenerOrOptions !== undefined && maybeOptions !== undefined) {
      throw new ValidationError('watch listener must be a function', where);
    }
    const options = parseWatchOptions(listener || listenerOrOptions === undefined ? maybeOptions : listenerOrOptions, where);
    const subject = this.hooks.subjectOf(path, options.read);
    if (listener) return this.#subscribe(path, subject, options, listener as WatchListener<unknown>);
    return watchStream((feed) => this.#subscribe(path, subject, options, feed));
  }

  /** Stops every watch of the client. */
  close(): void {
    for (const entry of this.#entries.values()) for (const sub of entry.subs) sub.active = false;
    this.#entries.clear();
    this.#stop();
  }

  #subscribe(path: string, subject: string, options: ParsedWatch, listener: WatchListener<unknown>): Unwatch {
    if (this.#entries.size === 0) this.#start();
    const id = `${path}\u0000${optionsKey(options.read)}`;
    let entry = this.#entries.get(id);
    if (entry === undefined) {
      entry = { id, path, read: options.read, subject, subs: new Set(), polling: false, again: false, warned: false };
      this.#entries.set(id, entry);
      this.#starting.add(entry);
      this.#flushSoon();
    }
    const sub: Sub = { entry, options, listener, active: true, queue: Promise.resolve() };
    entry.subs.add(sub);
    if (entry.last !== undefined) {
      sub.seen = entry.last;
      if (options.initial) this.#call(sub, entry.last);
    }
    this.#schedule.add(sub, options.intervalMs);
    return () => this.#unsubscribe(sub);
  }

  #unsubscribe(sub: Sub): void {
    if (!sub.active) return;
    sub.active = false;
    this.#schedule.delete(sub);
    sub.entry.subs.delete(sub);
    if (sub.entry.subs.size === 0) this.#entries.delete(sub.entry.id);
    if (this.#entries.size === 0) this.#stop();
  }

  #start(): void {
    channels.invalidation.subscribe(this.#onInvalidation);
    const cache = this.cache;
    if (cache?.subscribeInvalidations) {
      this.#stopFleet = cache.subscribeInvalidations({
        invalidated: (matches) => {
          for (const entry of this.#entries.values()) {
            entry.keys ??= this.hooks.keysOf(entry.subject);
            if (matches === undefined || entry.keys.some(matches)) this.#nudge(entry);
          }
        },
        // Messages may have been missed while the channel was lost: read everything again.
        connected: (up) => {
          if (up && this.#fleetLost) for (const entry of this.#entries.values()) this.#nudge(entry);
          this.#fleetLost ||= !up;
        },
      });
    }
  }

  #stop(): void {
    channels.invalidation.unsubscribe(this.#onInvalidation);
    this.#stopFleet?.();
    this.#stopFleet = undefined;
    this.#schedule.stop();
    this.#starting.clear();
    this.#nudged.clear();
  }

  #nudge(entry: Entry): void {
    if (entry.polling) entry.again = true;
    else this.#nudged.add(entry);
    this.#flushSoon();
  }

  /** New watches and nudges of one turn are read together, once the turn is over. */
  #flushSoon(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    setImmediate(() => {
      this.#flushing = false;
      const starting = [...this.#starting].filter((entry) => !this.#nudged.has(entry));
      const nudged = new Set(this.#nudged);
      this.#starting.clear();
      this.#nudged.clear();
      // A new watch starts from what the cache holds (what the application reads too).
      if (starting.length > 0) this.#poll(new Set(starting), false);
      if (nudged.size > 0) this.#poll(nudged, true);
    });
  }

  async #poll(entries: Set<Entry>, force: boolean): Promise<void> {
    const reading = [...entries].filter((entry) => !entry.polling && this.#entries.get(entry.id) === entry);
    if (reading.length === 0) return;
    for (const entry of reading) entry.polling = true;
    this.#metadata ??= this.#probeMetadata();
    const withMetadata = await this.#metadata;
    // getMany takes each path once: the same path under other options goes in a second call.
    const calls: Entry[][] = [];
    for (const entry of reading) {
      const call = calls.find((group) => !group.some((other) => other.path === entry.path));
      if (call) call.push(entry);
      else calls.push([entry]);
    }
    const shared = { forceFetch: force, throwOnError: false as const, ...(withMetadata ? { metadata: true } : {}) };
    await Promise.all(
      calls.map(async (group) => {
        const paths = Object.fromEntries(group.map((entry) => [entry.path, { ...entry.read }]));
        let result: ManyResult<unknown> | undefined;
        let failure: unknown;
        try {
          result = await this.client.getMany(paths, shared);
        } catch (error) {
          failure = error;
        }
        for (const entry of group) {
          entry.polling = false;
          const error = result ? result.errors[entry.path] : failure;
          if (result && error === undefined) this.#deliver(entry, versionedOf(result.values[entry.path], withMetadata));
          else this.#failed(entry, error);
          if (entry.again) {
            entry.again = false;
            this.#nudge(entry);
          }
        }
      }),
    );
  }

  /** Whether the core returns metadata with `get(path, { metadata: true })`: asked once, no call made. */
  #probeMetadata(): Promise<boolean> {
    return this.client.getMany([], { metadata: true, throwOnError: false }).then(
      () => true,
      () => false,
    );
  }

  #deliver(entry: Entry, next: Versioned): void {
    entry.warned = false;
    entry.last = next;
    for (const sub of entry.subs) {
      const seen = sub.seen;
      sub.seen = next;
      if (seen === undefined ? sub.options.initial : !sameVersion(seen, next)) this.#call(sub, next);
    }
  }

  /** Calls a listener after its previous call has settled; its failure goes to `onError`. */
  #call(sub: Sub, read: Versioned): void {
    const update = { path: sub.entry.path, value: read.value, version: read.metadata?.version, metadata: read.metadata };
    sub.queue = sub.queue
      .then(() => (sub.active ? sub.listener(read.value, update) : undefined))
      .then(
        () => undefined,
        (error: unknown) => this.#report(sub, error instanceof Error ? error : new Error('the watch listener threw a non-error')),
      );
  }

  #failed(entry: Entry, error: unknown): void {
    const reported = error instanceof Error ? error : new Error('watch read failed');
    let warn = false;
    for (const sub of entry.subs) {
      if (sub.options.onError) this.#report(sub, reported);
      else warn = true;
    }
    if (warn && !entry.warned) {
      entry.warned = true;
      const code = isCofferError(reported) ? (reported as CofferError).code : codeOf(reported);
      processWarnings.warn(`watch of ${this.client.providerName} ${entry.path} failed (${code}); keeping the last value`);
    }
  }

  #report(sub: Sub, error: Error): void {
    if (!sub.active) return;
    try {
      sub.options.onError?.(error, sub.entry.path);
    } catch {
      // An onError that throws has nowhere to report to.
    }
  }
}
