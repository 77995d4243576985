import { DescribeSecretCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { type AwsCalls, awsErrorKind } from '@coffer/aws';
import { type CallContext, mapLimited } from '@coffer/core';
import { FALLBACK_CONCURRENCY } from './batch-gate.js';
import { isArn } from './names.js';
import { type RotationWindow, rotationWindow } from './rotation-window.js';

/** The most values a `ListSecrets` filter takes. */
const NAMES_PER_LIST = 10;

/** A described secret's rotation window; `null` when it does not rotate. */
export type Described = Map<string, RotationWindow | null>;

/**
 * Reads the rotation schedule of secrets without reading their values: `ListSecrets` with a
 * `name` filter of up to 10 names a call (the filter matches prefixes, so the answer is kept to
 * exact names), and `DescribeSecret` for an ARN, for a name the first page left out, and for all
 * of them once `ListSecrets` is denied. A secret whose schedule cannot be read is left out of the
 * answer (it keeps its plain ttl); `off` turns true once `DescribeSecret` is denied too.
 */
export class RotationDescriber {
  #listDenied = false;
  /** Whether the instance may not read schedules at all (both calls denied). */
  off = false;

  constructor(private readonly aws: AwsCalls) {}

  /** The rotation windows of `ids` (names or ARNs) that could be read. */
  async describe(ids: readonly string[], context: CallContext): Promise<Described> {
    const found: Described = new Map();
    const skipped = new Set<string>();
    const names = this.#listDenied ? [] : ids.filter((id) => !isArn(id));
    const chunks: string[][] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_LIST) chunks.push(names.slice(i, i + NAMES_PER_LIST));
    await Promise.all(chunks.map((chunk) => this.#list(chunk, found, skipped, context)));
    const rest = ids.filter((id) => !found.has(id) && !skipped.has(id));
    await mapLimited(rest, FALLBACK_CONCURRENCY, (id) => this.#describeOne(id, found, context));
    return found;
  }

  async #list(names: readonly string[], found: Described, skipped: Set<string>, context: CallContext): Promise<void> {
    const wanted = new Set(names);
    const input = { Filters: [{ Key: 'name' as const, Values: [...names] }], MaxResults: 100 };
    try {
      // One page: a short name that prefixes many others is described on its own instead.
      for await (const page of this.aws.paginate(ListSecretsCommand, input, context, { maxPages: 1 })) {
        for (const entry of page.SecretList ?? [])
          if (entry.Name && wanted.has(entry.Name)) found.set(entry.Name, rotationWindow(entry) ?? null);
      }
    } catch (error) {
      // Denied: DescribeSecret from now on. Throttled or failing: no more calls this time.
      if (awsErrorKind(error) === 'denied') this.#listDenied = true;
      else for (const name of names) skipped.add(name);
    }
  }

  async #describeOne(id: string, found: Described, context: CallContext): Promise<void> {
    if (this.off) return;
    try {
      found.set(id, rotationWindow(await this.aws.send(new DescribeSecretCommand({ SecretId: id }), context)) ?? null);
    } catch (error) {
      // Denied: as no rotation for an hour, and once ListSecrets is denied too, never asked again.
      // A passing failure: the value keeps its plain ttl and the schedule is asked for next read.
      const kind = awsErrorKind(error);
      if (kind === 'denied' || kind === 'not-found') found.set(id, null);
      if (kind === 'denied' && this.#listDenied) this.off = true;
    }
  }
}
