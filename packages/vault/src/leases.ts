import { channel } from 'node:diagnostics_channel';
import { type CallContext, COFFER_CHANNELS, type InvalidationEvent, type RawSecret } from '@coffer/core';
import type { Lease, LogicalSecret } from './logical.js';

/** How the keeper reaches the server. */
export interface LeaseCalls {
  /** Reads the secret again: a new lease. */
  read(
    path: string,
    data: Readonly<Record<string, unknown>> | undefined,
    unwrap: boolean,
    context: CallContext,
  ): Promise<LogicalSecret | undefined>;
  /** Renews a lease; the granted duration, or `undefined` when refused. */
  renew(lease: Lease, incrementMs: number, context: CallContext): Promise<number | undefined>;
  revoke(lease: Lease, context: CallContext): Promise<void>;
}

interface Held {
  readonly path: string;
  readonly data: Readonly<Record<string, unknown>> | undefined;
  readonly unwrap: boolean;
  secret: LogicalSecret & { readonly lease: Lease };
  /** When the current lease ends, and when to act on it (two thirds into what is left). */
  expiresAt: number;
  actAt: number;
  /** The start of the current renewal period, and the last read through the provider. */
  periodStart: number;
  lastRead: number;
  /** The lease cannot be renewed further (not renewable, refused, or capped): read again. */
  final: boolean;
  context: CallContext;
  timer?: NodeJS.Timeout;
}

const invalidation = channel(COFFER_CHANNELS.invalidation);
// A failed renewal or read is tried again this often (at most), while the lease lasts.
const RETRY_MS = 2000;
const MIN_RETRY_MS = 250;

/**
 * Keeps the leases of dynamic secrets as Vault Agent does. A leased value is given out again,
 * without a call, for as long as its lease is kept; the client caches it only until the next
 * renewal point, so that every period of use reaches the provider. Two thirds into a lease, a
 * lease still in use (read through the provider since the last renewal point, or in the period
 * before) is renewed with `sys/leases/renew`; a lease that cannot be renewed, or whose renewal
 * is refused or capped by its max_ttl, is replaced by a new read. After either, watches of the
 * path poll at once: a new lease reaches them without waiting for their interval, and a watched
 * lease stays in use whatever the interval. A lease no longer in use is left to expire.
 * `close()` stops the timers and, with `revokeLeasesOnClose`, revokes every lease obtained that
 * has not expired, held or given up.
 */
export class LeaseKeeper {
  readonly #held = new Map<string, Held>();
  readonly #reading = new Map<string, Promise<RawSecret | undefined>>();
  /** Leases given up (no longer in use, or replaced) that have not expired: revoked on close. */
  #idle: { lease: Lease; expiresAt: number }[] = [];
  readonly #calls: LeaseCalls;
  #closed = false;

  constructor(calls: LeaseCalls) {
    this.#calls = calls;
  }

  /** The value of a logical path: the kept lease's when there is one, else a new read. */
  get(
    path: string,
    data: Readonly<Record<string, unknown>> | undefined,
    unwrap: boolean,
    context: CallContext,
  ): Promise<RawSecret | undefined> {
    const key = JSON.stringify([path, data === undefined ? null : Object.entries(data).sort(), unwrap]);
    const held = this.#held.get(key);
    const now = Date.now();
    if (held && now < held.expiresAt) {
      held.lastRead = now;
      held.context = context;
      return Promise.resolve(this.#view(held));
    }
    let reading = this.#reading.get(key);
    if (reading === undefined) {
      reading = this.#first(key, path, data, unwrap, context).finally(() => this.#reading.delete(key));
      this.#reading.set(key, reading);
    }
    return reading;
  }

  /** Stops every timer; with `revoke`, revokes every lease obtained that has not expired. */
  async close(revoke: boolean, context: CallContext): Promise<void> {
    this.#closed = true;
    const held = [...this.#held.values()];
    this.#held.clear();
    for (const entry of held) clearTimeout(entry.timer);
    if (!revoke) return;
    const live = [...held.map((entry) => ({ lease: entry.secret.lease, expiresAt: entry.expiresAt })), ...this.#idle];
    this.#idle = [];
    const now = Date.now();
    await Promise.allSettled(live.filter((entry) => now < entry.expiresAt).map((entry) => this.#calls.revoke(entry.lease, context)));
  }

  async #first(key: string, path: string, data: Held['data'], unwrap: boolean, context: CallContext): Promise<RawSecret | undefined> {
    const secret = await this.#calls.read(path, data, unwrap, context);
    if (secret === undefined) return undefined;
    if (secret.lease === undefined || this.#closed) return secret.raw;
    const now = Date.now();
    const held: Held = {
      path,
      data,
      unwrap,
      secret: { ...secret, lease: secret.lease },
      expiresAt: now + secret.lease.durationMs,
      actAt: now + (secret.lease.durationMs * 2) / 3,
      periodStart: now,
      lastRead: now,
      final: !secret.lease.renewable,
      context,
    };
    this.#hold(key, held);
    return this.#view(held);
  }

  /** The value given out: cached by the client only until the next renewal point. */
  #view(held: Held): RawSecret {
    return { ...held.secret.raw, ttlMs: Math.max(0, held.actAt - Date.now()) };
  }

  #hold(key: string, held: Held): void {
    clearTimeout(held.timer);
    this.#held.set(key, held);
    held.timer = setTimeout(() => void this.#due(key, held), Math.max(0, held.actAt - Date.now()));
    held.timer.unref();
  }

  async #due(key: string, held: Held): Promise<void> {
    if (this.#closed || this.#held.get(key) !== held) return;
    const now = Date.now();
    // A read of the period before counts: the client's cached copy hid the reads since.
    if (held.lastRead < held.periodStart) {
      this.#held.delete(key);
      this.#retire(held);
      return;
    }
    try {
      if (!held.final && (await this.#renewed(held))) {
        this.#hold(key, held);
        // A watch of the path polls now, which keeps the lease in use for as long as it is watched.
        return this.#tell(held.path);
      }
      const secret = await this.#calls.read(held.path, held.data, held.unwrap, held.context);
      if (this.#closed || this.#held.get(key) !== held) return;
      this.#retire(held);
      if (secret?.lease === undefined) {
        this.#held.delete(key);
      } else {
        const at = Date.now();
        held.secret = { ...secret, lease: secret.lease };
        held.expiresAt = at + secret.lease.durationMs;
        held.actAt = at + (secret.lease.durationMs * 2) / 3;
        held.final = !secret.lease.renewable;
        held.periodStart = now;
        this.#hold(key, held);
      }
      this.#tell(held.path);
    } catch {
      // The server is away: the lease still holds until it expires; try again before then.
      const left = held.expiresAt - Date.now();
      if (left <= 0) {
        this.#held.delete(key);
        return;
      }
      held.actAt = Date.now() + Math.max(MIN_RETRY_MS, Math.min(RETRY_MS, left / 3));
      this.#hold(key, held);
    }
  }

  /** Keeps a lease given up until it expires, for `close()` to revoke. */
  #retire(held: Held): void {
    const now = Date.now();
    this.#idle = this.#idle.filter((entry) => now < entry.expiresAt);
    this.#idle.push({ lease: held.secret.lease, expiresAt: held.expiresAt });
  }

  /** Has the watches of `path` poll at once (through the channel a cache invalidation uses). */
  #tell(path: string): void {
    if (!invalidation.hasSubscribers) return;
    const event: InvalidationEvent = { provider: 'vault', subject: path, mode: 'expire', keys: 0 };
    invalidation.publish(event);
  }

  /** Renews the held lease; false when it cannot be (refused, or capped short of a period). */
  async #renewed(held: Held): Promise<boolean> {
    const { lease } = held.secret;
    const started = Date.now();
    const grantedMs = await this.#calls.renew(lease, lease.durationMs, held.context);
    if (grantedMs === undefined) return false;
    held.expiresAt = started + grantedMs;
    held.actAt = started + (grantedMs * 2) / 3;
    held.periodStart = started;
    // Granted less than asked: max_ttl is near. This lease ends; the next read replaces it.
    if (grantedMs < lease.durationMs) held.final = true;
    return true;
  }
}
