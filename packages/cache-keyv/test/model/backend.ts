// The backend of the model test: one memoryProvider holding the truth, shared by every client of
// a run, with the faults the test controls (random transient faults, bursts, down, hangs) and a gate
// that holds one client's read in flight. It records every call, so the model can tell whether a
// read that failed, or was answered stale, had a reason to.
import { type CallContext, memoryProvider, type RawSecret } from '@coffer/core';
import { mulberry32 as seeded } from '../../../../scripts/test-support/fuzz/random';
import { trace } from './trace';

/** How the backend answers now. */
export interface FaultMode {
  /** Down: every attempt fails. */
  down: boolean;
  /** The chance that one attempt fails transiently (independent faults). */
  faultRate: number;
  /** The next this many attempts fail, whatever the rate (a burst). */
  burst: number;
  /** The next this many calls hang for {@link HANG_MS} of real time before they answer. */
  hang: number;
}

/** How long a hanging call takes (real time): past the client's `staleWait` of 1 s. */
export const HANG_MS = 1_500;

/** What a client asks the backend for; plain data, so it can cross a process boundary. */
export type BackendRequest =
  | { op: 'getMany'; paths: string[] }
  | { op: 'list'; path: string; recursive: boolean }
  | { op: 'update'; path: string; value: string };

/** What the backend answers: the values, or that every attempt failed. */
export type BackendAnswer = { ok: true; attempts: number; result: unknown } | { ok: false; attempts: number; reason: 'down' | 'faults' };

/** One call as the model sees it. */
export interface CallRecord {
  seq: number;
  client: number;
  op: BackendRequest['op'];
  /** The names it was about (a listing: every name it covered). */
  names: string[];
  ok: boolean;
  /** The fake time it ended at. */
  at: number;
}

/** The attempts a call makes before it fails, as `maxAttempts: 3` of the AWS providers. */
export const ATTEMPTS = 3;

/** A small seeded generator (mulberry32), so that a run's faults replay from its seed. */
export { seeded };

interface Gate {
  client: number;
  name: string;
  entered: () => void;
  release: Promise<void>;
}

const quiet: CallContext = { countApiCall: () => undefined };

/** The shared, fault-controlled backend of one run. */
export class ModelBackend {
  readonly mode: FaultMode = { down: false, faultRate: 0, burst: 0, hang: 0 };
  /** Hanging calls not answered yet, and the fake time the last one answered. */
  hanging = 0;
  hungUntil = Number.NEGATIVE_INFINITY;
  readonly calls: CallRecord[] = [];
  /** Attempts made per client (what `stats().apiCalls` should count). */
  readonly attempts = new Map<number, number>();
  /** The last fake time each value left the backend. */
  readonly lastServed = new Map<string, number>();
  /** Called with every value written, in the order the backend applied them. */
  onWrite: (name: string, value: string, at: number) => void = () => undefined;
  readonly #truth = memoryProvider({ maxBatchSize: 10 });
  readonly #random: () => number;
  #gate: Gate | undefined;
  #seq = 0;

  constructor(seed: number, names: ReadonlyMap<string, string>) {
    this.#random = seeded(seed);
    for (const [name, value] of names) this.#truth.set(name, value);
  }

  /** The next call sequence number (calls with a higher one come later). */
  get seq(): number {
    return this.#seq;
  }

  /** Holds the next read by `client` that covers `name` after it read, until `release` settles. */
  hold(client: number, name: string, release: Promise<void>): Promise<void> {
    return new Promise((entered) => {
      this.#gate = { client, name, entered: () => entered(), release };
    });
  }

  /** Drops a gate no read reached. */
  unhold(): void {
    this.#gate = undefined;
  }

  /** Writes a value as another system would (not through any client). */
  writeOutside(name: string, value: string): void {
    this.#truth.set(name, value);
    this.onWrite(name, value, Date.now());
  }

  /** Answers one call of `client`, making up to {@link ATTEMPTS} attempts. */
  async handle(client: number, request: BackendRequest): Promise<BackendAnswer> {
    if (this.mode.hang > 0) {
      this.mode.hang--;
      this.hanging++;
      await new Promise((resolve) => setTimeout(resolve, HANG_MS));
      this.hanging--;
      this.hungUntil = Date.now();
      trace(`  backend: c${client} ${request.op} hung ${HANG_MS} ms`);
    }
    const names = this.#names(request);
    let made = 0;
    let failed: 'down' | 'faults' | undefined;
    for (;;) {
      made++;
      const fault = this.#faulty();
      if (fault === undefined) {
        failed = undefined;
        break;
      }
      failed = fault;
      if (made >= ATTEMPTS) break;
    }
    this.attempts.set(client, (this.attempts.get(client) ?? 0) + made);
    if (failed !== undefined) {
      this.calls.push({ seq: ++this.#seq, client, op: request.op, names, ok: false, at: Date.now() });
      trace(`  backend: c${client} ${request.op} [${names}] failed ${made} attempts (${failed})`);
      return { ok: false, attempts: made, reason: failed };
    }
    const result = await this.#apply(request);
    const gate = this.#gate;
    if (gate && gate.client === client && request.op !== 'update' && names.includes(gate.name)) {
      this.#gate = undefined;
      gate.entered();
      await gate.release;
    }
    const at = Date.now();
    for (const value of servedValues(result)) this.lastServed.set(value, at);
    this.calls.push({ seq: ++this.#seq, client, op: request.op, names, ok: true, at });
    trace(`  backend: c${client} ${request.op} [${names}] answered after ${made} attempts`);
    return { ok: true, attempts: made, result };
  }

  #faulty(): 'down' | 'faults' | undefined {
    if (this.mode.down) return 'down';
    if (this.mode.burst > 0) {
      this.mode.burst--;
      return 'faults';
    }
    return this.mode.faultRate > 0 && this.#random() < this.mode.faultRate ? 'faults' : undefined;
  }

  #names(request: BackendRequest): string[] {
    if (request.op === 'getMany') return request.paths;
    if (request.op === 'update') return [request.path];
    const prefix = `${request.path.replace(/\/$/, '')}/`;
    return this.#truth.names().filter((name) => name.startsWith(prefix));
  }

  async #apply(request: BackendRequest): Promise<unknown> {
    const truth = this.#truth;
    if (request.op === 'getMany') {
      const requests = request.paths.map((path) => ({ path, options: { decrypt: true } }));
      return await truth.getMany!(requests, quiet);
    }
    if (request.op === 'list') {
      return await truth.list!({ path: request.path, options: { decrypt: true }, recursive: request.recursive }, quiet);
    }
    await truth.update!({ path: request.path, options: {}, value: request.value, create: false }, quiet);
    this.onWrite(request.path, request.value, Date.now());
    return undefined;
  }
}

function servedValues(result: unknown): string[] {
  const raws: unknown[] = Array.isArray(result) ? result : result && typeof result === 'object' ? Object.values(result) : [];
  return raws.map((raw) => (raw as RawSecret | undefined)?.value).filter((value): value is string => typeof value === 'string');
}
