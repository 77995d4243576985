import { type Duration, parseDuration, readOptions, ValidationError } from '@coffer/core';

/**
 * The failover options of `aws.ps` and `aws.sm`: the regions to read from when the primary
 * region fails, with the semantics of the Secrets Store CSI driver's `failoverRegion`.
 *
 * @example
 * ```ts
 * new SecretsManager({ region: 'us-east-1', failoverRegions: ['us-west-2'] });
 * ```
 */
export interface FailoverOptions {
  /**
   * Regions to read from, in this order, when the primary region (`region`) fails transiently:
   * 5xx, throttling, timeouts and network errors after the retries, or while the primary is
   * judged down. Not-found, access denied and invalid input are answers and never fail over. An
   * ARN is read with its region rewritten; a name is read as it is. Writes go to the primary only.
   * @default `COFFER_AWS_FAILOVER_REGIONS` (comma-separated), else none
   */
  failoverRegions?: readonly string[];
  /**
   * While a region is judged down, one read probes it this often; a success brings reads back to it.
   * @default '1s'
   */
  failoverProbeInterval?: Duration;
}

/**
 * The option names of {@link FailoverOptions}, for a provider's `optionNames`.
 *
 * @example
 * ```ts
 * FAILOVER_OPTION_NAMES.includes('failoverRegions'); // true
 * ```
 */
export const FAILOVER_OPTION_NAMES: readonly string[] = ['failoverRegions', 'failoverProbeInterval'];

/**
 * The regions a provider instance reads from, the primary first, and how often a down one is probed.
 *
 * @example
 * ```ts
 * const settings: FailoverSettings = { regions: ['us-east-1', 'us-west-2'], probeMs: 1000 };
 * ```
 */
export interface FailoverSettings {
  readonly regions: readonly [string, ...string[]];
  readonly probeMs: number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * The checked failover settings of an instance's options (else `COFFER_AWS_FAILOVER_REGIONS`),
 * or `undefined` when it has no failover region. Throws a `ValidationError` before any call.
 *
 * @example
 * ```ts
 * failoverSettings({ region: 'us-east-1', failoverRegions: ['us-west-2'] }, 'aws.sm');
 * // { regions: ['us-east-1', 'us-west-2'], probeMs: 1000 }
 * ```
 */
export function failoverSettings(
  options: FailoverOptions & { region?: string; client?: unknown },
  provider: string,
): FailoverSettings | undefined {
  const fail = (message: string): never => {
    throw new ValidationError(message, { provider });
  };
  // Read once: options whose reading throws are a ValidationError, not a foreign error.
  const read = readOptions(options, 'options', { provider }) as typeof options;
  const given = read.failoverRegions;
  const fromEnv = given === undefined ? process.env.COFFER_AWS_FAILOVER_REGIONS : undefined;
  const source = given === undefined ? 'COFFER_AWS_FAILOVER_REGIONS' : 'failoverRegions';
  const probeMs = read.failoverProbeInterval === undefined ? 1000 : parseDuration(read.failoverProbeInterval, 'failoverProbeInterval');
  if (given !== undefined && !Array.isArray(given)) fail('failoverRegions must be an array of region names such as us-west-2');
  const failover = (given && [...given]) ?? (fromEnv ?? '').split(',').flatMap((region) => (region.trim() ? [region.trim()] : []));
  if (failover.length === 0) return undefined;
  // The variable applies to the instances coffer makes clients for; a client given is one region.
  if (given === undefined && read.client !== undefined) return undefined;
  for (const region of failover)
    if (typeof region !== 'string' || !REGION.test(region)) fail(`${source} must hold region names such as us-west-2`);
  if (read.client !== undefined) fail('failoverRegions needs a client per region, made by coffer: leave out client');
  const primary = read.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (primary === undefined) fail('failoverRegions needs the primary region: set region or AWS_REGION');
  const regions = [primary as string, ...failover];
  if (new Set(regions).size !== regions.length) fail(`${source} must not repeat a region nor name the primary one`);
  return { regions: regions as [string, ...string[]], probeMs };
}

const ARN = /^(arn:[a-z-]+:[a-z0-9-]+:)([a-z0-9-]*)(:.*)$/;

/**
 * A secret id as `region` knows it: an ARN with its region rewritten, a name as it is.
 *
 * @example
 * ```ts
 * inRegion('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', 'us-west-2');
 * // 'arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf'
 * ```
 */
export function inRegion(id: string, region: string): string {
  const match = ARN.exec(id);
  return match ? `${match[1]}${region}${match[3]}` : id;
}
