import { channel } from 'node:diagnostics_channel';
import { type CallContext, isCofferError, ProviderError, type RawSecret, type ReadRequest, type UpdateRequest } from '@coffer/core';
import { type AwsCalls, awsCalls } from './aws-calls.js';
import type { AwsProviderParts, AwsSdkClient, SdkOperations } from './aws-provider.js';
import { sharedSession } from './aws-session.js';
import { type FailoverOptions, failoverSettings, inRegion } from './failover-options.js';
import { mapAwsError } from './map-error.js';
import type { AwsOptions } from './options.js';
import { RegionHealth } from './region-health.js';

/**
 * The `node:diagnostics_channel` channel on which a read that went to a failover region is
 * published: {@link FailoverEvent}. Nothing is built while no one subscribes.
 *
 * @example
 * ```ts
 * subscribe(FAILOVER_CHANNEL, (message) => log((message as FailoverEvent).to));
 * ```
 */
export const FAILOVER_CHANNEL = 'coffer:aws:failover';

/**
 * A read (of `count` secrets) that failed transiently in region `from`, or skipped it while it
 * was judged down, and went to region `to`.
 *
 * @example
 * ```ts
 * const event: FailoverEvent = { provider: 'aws.sm', operation: 'getMany', from: 'us-east-1', to: 'us-west-2', count: 20 };
 * ```
 */
export interface FailoverEvent {
  readonly provider: string;
  readonly operation: 'getMany' | 'list' | 'exists';
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

const failovers = channel(FAILOVER_CHANNEL);

interface Region {
  readonly name: string;
  readonly ops: SdkOperations;
  readonly health: RegionHealth;
}

type Answer = RawSecret | undefined | Error;

const isTransient = (value: unknown): boolean => value instanceof ProviderError && value.transient;

/**
 * Gives a provider's SDK operations replica failover: with `failoverRegions` (or
 * `COFFER_AWS_FAILOVER_REGIONS`), reads go to the primary region and, when it fails
 * transiently or is judged down, to the next region; writes go to the primary only. Without
 * failover regions, the operations are the provider's own.
 *
 * @example
 * ```ts
 * const sdk = withFailover('aws.sm', secretsManagerOperations, { name: 'a SecretsManagerClient', make });
 * ```
 */
export function withFailover<Client extends AwsSdkClient, Options extends AwsOptions & FailoverOptions & { client?: Client }>(
  provider: string,
  operations: (aws: AwsCalls, options: Options) => SdkOperations,
  client: AwsProviderParts<Client, Options>['client'],
): (aws: AwsCalls, options: Options) => SdkOperations {
  return (aws, options) => {
    const settings = failoverSettings(options, provider);
    if (settings === undefined) return operations(aws, options);
    const [primary, ...others] = settings.regions;
    const releases: Array<() => void> = [];
    const replica = (name: string): Region => {
      const regional = { ...options, region: name };
      const shared = sharedSession(regional);
      let made: Client | undefined;
      const regionClient = () => {
        made ??= shared.acquire(client.name, client.make);
        return made;
      };
      releases.push(() => {
        if (made === undefined) return;
        made = undefined;
        shared.release(client.name);
      });
      const calls = awsCalls(shared.session, regionClient, provider);
      return { name, ops: operations(calls, regional), health: new RegionHealth(settings.probeMs) };
    };
    const regions = [{ name: primary, ops: operations(aws, options), health: new RegionHealth(settings.probeMs) }, ...others.map(replica)];
    return regionalOperations(provider, regions, () => {
      for (const release of releases.splice(0)) release();
    });
  };
}

/** The error of a read no region was asked for: every one is judged down until its next probe. */
function everyRegionDown(provider: string, path: string, regions: readonly Region[], now: number): ProviderError {
  const next = Math.min(...regions.map((region) => region.health.probeAt ?? now));
  const seconds = Math.max(1, Math.ceil((next - now) / 1000));
  const names = regions.map((region) => region.name).join(', ');
  return new ProviderError(`every region is failing (${names}); not called (next probe in ${seconds}s)`, {
    provider,
    path,
    transient: true,
  });
}

function regionalOperations(provider: string, regions: readonly Region[], close: () => void): SdkOperations {
  const primary = regions[0] as Region;
  const published = (operation: FailoverEvent['operation'], from: Region | undefined, to: Region, count: number) => {
    if (from !== undefined && failovers.hasSubscribers) failovers.publish({ provider, operation, from: from.name, to: to.name, count });
  };

  async function getMany(requests: readonly ReadRequest[], context: CallContext): Promise<Answer[]> {
    const answers: Answer[] = requests.map(() => undefined);
    let pending = requests.map((_, index) => index);
    let asked = false;
    let skipped: Region | undefined;
    for (const region of regions) {
      if (!region.health.admit(Date.now())) {
        skipped ??= region;
        continue;
      }
      const batch = pending.map((index) => {
        const request = requests[index] as ReadRequest;
        return region === primary ? request : { ...request, path: inRegion(request.path, region.name) };
      });
      if (skipped !== undefined) published('getMany', skipped, region, batch.length);
      let results: readonly Answer[];
      try {
        results = await region.ops.getMany(batch, context);
      } catch (error) {
        results = batch.map((request) => mapAwsError(error, { provider, path: request.path }));
      }
      asked = true;
      const failed = pending.filter((_, k) => isTransient(results[k]));
      pending.forEach((index, k) => {
        answers[index] = results[k];
      });
      if (failed.length === pending.length) region.health.failed(Date.now());
      else {
        region.health.succeeded();
        context.answeredFrom?.(region.name);
      }
      pending = failed;
      if (pending.length === 0) break;
      skipped = region;
    }
    if (!asked) {
      const now = Date.now();
      return requests.map((request) => everyRegionDown(provider, request.path, regions, now));
    }
    return answers;
  }

  /** One call that fails over as a whole (a listing, an existence check). */
  async function single<T>(
    operation: 'list' | 'exists',
    path: string,
    context: CallContext,
    call: (region: Region) => Promise<T>,
  ): Promise<T> {
    let lastError: unknown;
    let skipped: Region | undefined;
    for (const region of regions) {
      if (!region.health.admit(Date.now())) {
        skipped ??= region;
        continue;
      }
      published(operation, skipped, region, 1);
      try {
        const result = await call(region);
        region.health.succeeded();
        context.answeredFrom?.(region.name);
        return result;
      } catch (error) {
        if (!isTransient(error)) {
          region.health.succeeded();
          throw error;
        }
        region.health.failed(Date.now());
        lastError = error;
        skipped = region;
      }
    }
    throw lastError ?? everyRegionDown(provider, path, regions, Date.now());
  }

  const ops: SdkOperations = { getMany, close };
  const { list, exists, update } = primary.ops;
  if (list) ops.list = (request, context) => single('list', request.path, context, (region) => (region.ops.list ?? list)(request, context));
  if (exists)
    ops.exists = (request, context) =>
      single('exists', request.path, context, (region) =>
        (region.ops.exists ?? exists)(region === primary ? request : { ...request, path: inRegion(request.path, region.name) }, context),
      );
  if (update) ops.update = (request, context) => writeToPrimary(provider, primary, update, request, context);
  return ops;
}

/** A write goes to the primary region only, whatever its health: no split brain. */
async function writeToPrimary(
  provider: string,
  primary: Region,
  update: NonNullable<SdkOperations['update']>,
  request: UpdateRequest,
  context: CallContext,
): Promise<void> {
  try {
    await update(request, context);
    primary.health.succeeded();
    context.answeredFrom?.(primary.name);
  } catch (error) {
    if (!isTransient(error)) throw error;
    primary.health.failed(Date.now());
    const cause = isCofferError(error) ? error : undefined;
    throw new ProviderError(
      `${(error as Error).message}; writes go to the primary region (${primary.name}) only, never to a failover region`,
      { provider, path: request.path, transient: true, cause },
    );
  }
}
