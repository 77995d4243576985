import type { AwsCalls } from '@coffer/aws';
import {
  type CallContext,
  type Duration,
  growingLru,
  parseDuration,
  type RawSecret,
  type ReadRequest,
  ValidationError,
} from '@coffer/core';
import { type Described, RotationDescriber } from './rotation-describe.js';
import type { RotationWindow } from './rotation-window.js';

/**
 * How aws.sm follows scheduled rotations (the `rotation` option of {@link awsSm}).
 *
 * @example
 * ```ts
 * awsSm({ rotation: { recheck: '30s' } });
 * ```
 */
export interface RotationOptions {
  /** How often a secret is read again during its rotation window, until its version changes (at least 1 s). @default '1m' */
  recheck?: Duration;
}

/** How long a secret's schedule is kept before it is asked for again. */
const SCHEDULE_MAX_AGE = 3_600_000;
/** How long past `NextRotationDate` a late rotation (one AWS retries) is still waited for. */
const LATE_MS = 3_600_000;
/** The most secrets whose schedules one instance keeps. */
const MAX_KNOWN = 10_000;

interface Known {
  readonly window: RotationWindow | null;
  readonly describedAt: number;
  /** The version the process held when the window began (or at its first read in it). */
  heldVersion?: string | undefined;
  /** Set once the version changed within this window: the rotation is over. */
  rotated?: boolean;
}

/** The `recheck` interval of a `rotation` option, or `undefined` for off; a `ValidationError` for a bad one. */
export function recheckOf(option: boolean | RotationOptions | undefined): number | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return 60_000;
  if (typeof option !== 'object' || option === null || Array.isArray(option))
    throw new ValidationError('rotation must be true, false or { recheck }', { provider: 'aws.sm' });
  const recheck = option.recheck === undefined ? 60_000 : parseDuration(option.recheck, 'rotation.recheck');
  if (recheck < 1000) throw new ValidationError('rotation.recheck must be at least 1s', { provider: 'aws.sm' });
  return recheck;
}

/**
 * Rotation-aware expiry: gives each value of a secret with rotation on a `ttlMs` that ends at the
 * start of its next rotation window, then, inside the window, one of `recheck` until a read shows a
 * new version (or `LastRotatedDate` falls in the window). Values of other secrets get no
 * `ttlMs`: their ttl is the client's. Schedules come from {@link RotationDescriber}, asked while
 * the values are read (no added wait), kept an hour.
 */
export class RotationWatch {
  readonly #known = growingLru<string, Known>(MAX_KNOWN);
  readonly #describer: RotationDescriber;

  constructor(
    aws: AwsCalls,
    private readonly recheckMs: number,
  ) {
    this.#describer = new RotationDescriber(aws);
  }

  /** Reads values with `read`, asking for the schedules it lacks at the same time, and stamps the values. */
  async around(
    requests: readonly ReadRequest[],
    context: CallContext,
    read: () => Promise<ReadonlyArray<RawSecret | undefined | Error>>,
  ): Promise<ReadonlyArray<RawSecret | undefined | Error>> {
    const now = Date.now();
    const ids = [...new Set(requests.filter((request) => this.#due(request.path, now)).map((request) => request.path))];
    const [results, described] = await Promise.all([read(), this.#describe(ids, context)]);
    this.#learn(described, now);
    // A new version inside a window may come with a new schedule: ask again, after the read.
    const moved = requests.flatMap((request, i) => (this.#movedInWindow(request.path, results[i], now) ? [request.path] : []));
    if (moved.length > 0) this.#learn(await this.#describe(moved, context), now);
    return results.map((result, i) => this.#stamp((requests[i] as ReadRequest).path, result, now));
  }

  #describe(ids: readonly string[], context: CallContext): Promise<Described> {
    if (ids.length === 0 || this.#describer.off) return Promise.resolve(new Map());
    // A schedule that cannot be read never fails the read of a value.
    return this.#describer.describe(ids, context).catch(() => new Map());
  }

  #due(id: string, now: number): boolean {
    const known = this.#known.get(id);
    if (!known) return true;
    if (now - known.describedAt >= SCHEDULE_MAX_AGE) return true;
    return known.window !== null && now >= known.window.next + LATE_MS;
  }

  #learn(described: Described, now: number): void {
    for (const [id, window] of described) {
      const before = this.#known.get(id);
      // The same window again (an hourly re-ask): keep what was seen in it.
      const same = before?.window && window && before.window.next === window.next;
      const known: Known = same ? { ...before, describedAt: now } : { window, describedAt: now };
      // AWS says this window's rotation is done (a process that starts after it): no re-reads.
      if (window && (window.lastRotated ?? -Infinity) >= window.windowStart) known.rotated = true;
      this.#known.set(id, known);
    }
  }

  #movedInWindow(id: string, result: RawSecret | undefined | Error, now: number): boolean {
    const known = this.#known.get(id);
    if (!known?.window || known.rotated || now < known.window.windowStart || !isValue(result)) return false;
    return known.heldVersion !== undefined && versionOf(result) !== known.heldVersion && known.describedAt < now;
  }

  #stamp(id: string, result: RawSecret | undefined | Error, now: number): RawSecret | undefined | Error {
    const known = this.#known.get(id);
    if (!known?.window || !isValue(result)) return result;
    const { windowStart, next } = known.window;
    const version = versionOf(result);
    if (now < windowStart) {
      known.heldVersion = version;
      return { ...result, ttlMs: windowStart - now };
    }
    if (known.rotated || now >= next + LATE_MS) return result;
    if (known.heldVersion !== undefined && version !== known.heldVersion) {
      known.rotated = true;
      return result;
    }
    known.heldVersion ??= version;
    return { ...result, ttlMs: this.recheckMs };
  }
}

const isValue = (result: RawSecret | undefined | Error): result is RawSecret => result !== undefined && !(result instanceof Error);
const versionOf = (raw: RawSecret): string | undefined => raw.metadata?.version;
