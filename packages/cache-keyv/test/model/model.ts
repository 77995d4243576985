// The model: what every answer of the read path may be, given the writes the backend applied, the
// calls it answered or failed, the clock and each client's own updates, refreshes and clears.
import { performance } from 'node:perf_hooks';
import type { CallRecord, ModelBackend } from './backend';
import { BOUNDS, backoffWindow } from './bounds';
import type { ClientKind, ClientState, ClientUpdate, Outcome, Span, Tally, Version } from './model-types';

export type { ClientKind, Outcome, Span, Tally } from './model-types';

/** The model of one run. */
export class Model {
  readonly clients: ClientState[];
  readonly tally: Tally = { reads: 0, answered: 0, misses: 0, missesAnswered: 0 };
  readonly #versions = new Map<string, Version>();
  readonly #history = new Map<string, string[]>();
  readonly #updates = new Map<string, ClientUpdate[]>();
  /** Every `clear()` and `refresh()` of everything: over a shared store they reach every client. */
  readonly #resetsAll: Array<{ by: number; at: number; real: number }> = [];
  #seen = 0;
  #lastUpAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly names: readonly string[],
    readonly missing: string,
    kinds: readonly ClientKind[],
    readonly backend: ModelBackend,
  ) {
    this.clients = kinds.map((kind) => ({
      kind,
      floors: new Map(),
      resets: new Map(),
      read: new Set(),
      grace: new Map(),
      keyFailures: new Map(),
      ring: [],
      trippedAt: undefined,
      probedAt: undefined,
      lastFailureAt: Number.NEGATIVE_INFINITY,
    }));
    backend.onWrite = (name, value, at) => this.#wrote(name, value, at);
  }

  /** The first value of a name, before the run starts. */
  seed(name: string, value: string): void {
    this.#wrote(name, value, Date.now());
  }

  /** The value a new write of `name` stores: unique, and naming its key and version. */
  nextValue(name: string, tag: string): string {
    return `${name}=${this.#history.get(name)?.length ?? 0}@${tag}`;
  }

  /** The backend came back up. */
  up(): void {
    this.#lastUpAt = Date.now();
  }

  /** `client`'s update of `name` resolved: it must never read an older value again. */
  updated(client: number, name: string, value: string, real: number): void {
    const index = this.#versions.get(value)?.index;
    if (index === undefined) return;
    const state = this.clients[client]!;
    state.floors.set(name, [...(state.floors.get(name) ?? []), { index, real }]);
    const list = this.#updates.get(name) ?? [];
    list.push({ by: client, index, real, fake: Date.now() });
    this.#updates.set(name, list);
  }

  /** `client` refreshed or cleared `names` (undefined: everything) at `at`. */
  reset(client: number, names: readonly string[] | undefined, at: number): void {
    const state = this.clients[client]!;
    if (names === undefined) this.#resetsAll.push({ by: client, at, real: performance.now() });
    for (const name of names ?? [...state.read]) if (state.read.has(name)) state.resets.set(name, at);
  }

  /**
   * Takes in the calls the backend answered since last time, up to call `upTo` (the breaker,
   * per-key failures, grace): a read is judged by the state it began in, and by its own calls.
   */
  observe(upTo = Number.POSITIVE_INFINITY): void {
    const { calls } = this.backend;
    for (; this.#seen < calls.length && calls[this.#seen]!.seq <= upTo; this.#seen++) this.#call(calls[this.#seen]!);
  }

  /**
   * Checks one answer of `client` for `name` (read over `span`); returns what is wrong, or
   * undefined. `truthAtStart` is the version current when the read began.
   */
  check(client: number, name: string, outcome: Outcome, span: Span, truthAtStart: number): string | undefined {
    this.observe(span.seq0);
    const state = this.clients[client]!;
    const counted = name !== this.missing && span.flaky && !span.down;
    if (counted) this.tally.reads++;
    if (counted && 'value' in outcome) this.tally.answered++;
    if (counted && this.#called(client, name, span)) {
      this.tally.misses++;
      if ('value' in outcome) this.tally.missesAnswered++;
    }
    state.read.add(name);
    if ('error' in outcome) return this.#checkError(client, name, outcome.error, span);
    if (name === this.missing) return `[written] read ${name}, which was never written, and got a value`;
    const value = outcome.value;
    const version = typeof value === 'string' ? this.#versions.get(value) : undefined;
    if (version === undefined || version.name !== name) return `[written] answered a value never written to ${name}`;
    // A read that began before an update resolved may still answer what it found.
    const floors = (state.floors.get(name) ?? []).filter((floor) => floor.real <= span.real0);
    const floor = Math.max(0, ...floors.map((written) => written.index));
    if (version.index < floor) {
      return `[ryw] client ${client} updated ${name} to version ${floor}, then read version ${version.index}`;
    }
    if (span.down) state.grace.set(name, 'available');
    if (version.index >= truthAtStart) return undefined;
    return this.#checkOlder(client, name, version, span);
  }

  #checkError(client: number, name: string, error: { name: string; code?: string; message: string }, span: Span) {
    if (name === this.missing && error.code === 'SECRET_NOT_FOUND') return undefined;
    if (error.code !== 'PROVIDER_ERROR')
      return `[answered] a read failed with ${error.name} (${error.code ?? 'no code'}): ${error.message}`;
    const reason = this.#degradedReason(client, name, span, false);
    if (reason !== undefined) return undefined;
    return `[answered] a read of ${name} failed (${error.message}) while nothing justified it: no failed call for it, backend up, breaker closed`;
  }

  #checkOlder(client: number, name: string, version: Version, span: Span): string | undefined {
    const state = this.clients[client]!;
    const { slackMs, ttlMs, staleMs, syncRealMs, unsyncedTtlMs } = BOUNDS;
    const shares = (kind: ClientKind) => kind === 'keyv' || kind === 'tiered';
    for (const update of this.#updates.get(name) ?? []) {
      // Only a writer over the shared store invalidates this client's copies.
      const both = shares(state.kind) && shares(this.clients[update.by]!.kind);
      if (update.by === client || update.index <= version.index || !both) continue;
      if (span.real0 < update.real) continue;
      const late = state.kind === 'keyv' || (span.real0 > update.real + syncRealMs && span.t0 > update.fake + unsyncedTtlMs + slackMs);
      if (late) {
        return (
          `[invalidation] client ${client} (${state.kind}) read version ${version.index} of ${name} after client ${update.by}'s ` +
          `update to version ${update.index} past the invalidation bound (${Math.round(span.real0 - update.real)} ms real)`
        );
      }
    }
    const served = this.backend.lastServed.get(`${this.#history.get(name)![version.index]}`) ?? Number.NEGATIVE_INFINITY;
    const resetAt = state.resets.get(name);
    const supersededAt = version.supersededAt ?? Number.POSITIVE_INFINITY;
    const mustFetch = (resetAt !== undefined && supersededAt <= resetAt) || this.#resetElsewhere(client, span, supersededAt);
    if (!mustFetch && span.t0 < served + ttlMs + slackMs) return undefined;
    const age = Math.round(span.t0 - served);
    if (span.t0 >= served + ttlMs + staleMs + slackMs) {
      return `[stale] answered version ${version.index} of ${name} last fetched ${age} ms ago, past ttl + staleIfError`;
    }
    if (this.#degradedReason(client, name, span, true) !== undefined) return undefined;
    const why = mustFetch ? 'after a refresh or clear' : `last fetched ${age} ms ago (ttl ${ttlMs})`;
    return `[stale] served version ${version.index} of ${name} stale ${why} while nothing justified it (no failure, breaker closed)`;
  }

  /**
   * Whether another client over the shared store cleared or refreshed everything after a version
   * superseded at `supersededAt`, long enough before this read: the namespace's mark is looked at
   * every `lookMs` (fake time) and a memory tier drops its copies within `syncRealMs` (real time).
   */
  #resetElsewhere(client: number, span: Span, supersededAt: number): boolean {
    const { kind } = this.clients[client]!;
    const { lookMs, slackMs, syncRealMs } = BOUNDS;
    const shares = (other: ClientKind) => other === 'keyv' || other === 'tiered';
    return this.#resetsAll.some(
      (reset) =>
        reset.by !== client &&
        shares(kind) &&
        shares(this.clients[reset.by]!.kind) &&
        supersededAt <= reset.at &&
        span.t0 > reset.at + lookMs + slackMs &&
        (kind === 'keyv' || span.real0 > reset.real + syncRealMs),
    );
  }

  /** Why a read of `name` may be degraded (failed, or answered stale) now; undefined: no reason. */
  #degradedReason(client: number, name: string, span: Span, stale: boolean): string | undefined {
    const state = this.clients[client]!;
    const reason = this.#reason(client, name, span, stale);
    const grace = state.grace.get(name);
    if (reason !== undefined) {
      state.grace.set(name, 'available');
      return reason;
    }
    // Only a value can be the stale answer that starts the refresh; a cold read always calls.
    if (stale && grace === 'available') {
      state.grace.set(name, 'used');
      return 'the read after a degraded one';
    }
    return undefined;
  }

  #reason(client: number, name: string, span: Span, stale: boolean): string | undefined {
    const state = this.clients[client]!;
    const { slackMs, probeMs } = BOUNDS;
    if (span.down) return 'backend down';
    if (span.hung) return 'a backend call hung';
    const calls = this.backend.calls;
    for (const call of calls) {
      if (call.seq > span.seq0 && call.seq <= span.seq1 && call.client === client && !call.ok && call.names.includes(name)) {
        return 'its call failed';
      }
    }
    if (state.trippedAt !== undefined) {
      const since = Math.max(state.lastFailureAt, this.#lastUpAt);
      if (span.t0 <= since + probeMs + slackMs) return 'breaker open';
      // Past the probe interval, the next read sends the probe and may still be degraded.
      if (state.probedAt === undefined || state.probedAt < since) {
        state.probedAt = span.t0;
        return 'the read that sent the probe';
      }
    }
    const failures = state.keyFailures.get(name);
    if (stale && failures !== undefined && span.t0 <= failures.at + backoffWindow(failures.count) + slackMs) {
      return 'per-key back-off';
    }
    return undefined;
  }

  /** Whether `client` called the backend for `name` during the read. */
  #called(client: number, name: string, span: Span): boolean {
    return this.backend.calls.some(
      (call) => call.seq > span.seq0 && call.seq <= span.seq1 && call.client === client && call.names.includes(name),
    );
  }

  #call(call: CallRecord): void {
    const state = this.clients[call.client];
    if (state === undefined) return;
    const { minCalls, ratio, window } = BOUNDS.breaker;
    // The breaker is a stage of the read path: it counts reads and listings, not writes.
    if (call.op === 'update') return;
    state.ring.push(call.ok);
    if (state.ring.length > window) state.ring.shift();
    if (call.ok) {
      state.trippedAt = undefined;
      for (const name of call.names) {
        state.keyFailures.delete(name);
        state.grace.delete(name);
      }
      return;
    }
    state.lastFailureAt = call.at;
    const failed = state.ring.filter((ok) => !ok).length;
    if (state.ring.length >= minCalls && failed >= ratio * state.ring.length) state.trippedAt = call.at;
    for (const name of call.names) {
      const before = state.keyFailures.get(name);
      state.keyFailures.set(name, { count: (before?.count ?? 0) + 1, at: call.at });
      state.grace.set(name, 'available');
    }
  }

  /** The version of `name` the backend holds now. */
  truth(name: string): number {
    return (this.#history.get(name)?.length ?? 1) - 1;
  }

  #wrote(name: string, value: string, at: number): void {
    const history = this.#history.get(name) ?? [];
    const previous = history[history.length - 1];
    if (previous !== undefined) this.#versions.get(previous)!.supersededAt = at;
    this.#versions.set(value, { name, index: history.length, supersededAt: undefined });
    history.push(value);
    this.#history.set(name, history);
  }
}
