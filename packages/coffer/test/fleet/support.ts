import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsProxy, awsProxy } from '../../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../../scripts/harness/moto';
import { buildPackage } from '../../../../scripts/test-support/build-package';
import { seedSsm } from '../../../aws-ps/test/support';
import { seedSm } from '../../../aws-sm/test/support';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const region = 'us-east-1';
export const credentials = { accessKeyId: 'AKIDCOFFERFLEET', secretAccessKey: 'not-a-real-secret' };
export const redisUrl = process.env.COFFER_TEST_REDIS_URL;
export const clusterUrl = process.env.COFFER_TEST_REDIS_CLUSTER_URL;

/** The shared caches this machine can test: SQLite always, Redis and a Redis Cluster when present. */
export const sharedKinds = [...(redisUrl ? (['redis'] as const) : []), ...(clusterUrl ? (['cluster'] as const) : []), 'sqlite'] as const;

/** The workers run the built package, as an application would. */
export function buildCoffer(): void {
  buildPackage('coffer');
}

/** A unique name prefix for one test. */
export const uniquePrefix = () => `fleet${randomBytes(5).toString('hex')}`;

/** Stores `count` parameters under `/prefix/`; returns their names and values. */
export async function seedParameters(prefix: string, count: number): Promise<Record<string, string>> {
  const values = Object.fromEntries(Array.from({ length: count }, (_, i) => [`/${prefix}/p${i}`, `value-${i}`]));
  await seedSsm(Object.entries(values).map(([name, value]) => ({ name, value })));
  return values;
}

/** Changes one parameter behind coffer's back. */
export async function seedSsmValue(name: string, value: string): Promise<void> {
  await seedSsm([{ name, value }]);
}

/** Stores `count` secrets under `prefix/`; returns their names and values. */
export async function seedSecrets(prefix: string, count: number): Promise<Record<string, string>> {
  const values = Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}/s${i}`, `secret-${i}`]));
  await seedSm(Object.entries(values).map(([name, value]) => ({ name, value })));
  return values;
}

/** A counting proxy in front of the shared emulator. */
export const proxy = (): Promise<AwsProxy> => awsProxy(motoEndpoint());

/**
 * What a worker's cache is: memory in front of Redis (what `cacheFromSpec` gives for a Redis or
 * Redis Cluster URL) or of an SQLite file, or memory alone.
 */
export type CacheSpec =
  | { kind: 'redis'; url: string; namespace: string; key: string; ttl?: number }
  | { kind: 'sqlite'; path: string; namespace: string; ttl?: number; memory?: false }
  | { kind: 'memory' }
  | { kind: 'env' };

/** A fresh shared cache of `kind` for one test (`cluster`: Redis on the test's Redis Cluster). */
export function sharedCache(kind: 'redis' | 'cluster' | 'sqlite', url = kind === 'cluster' ? clusterUrl : redisUrl): CacheSpec {
  const namespace = `fleet-${randomBytes(6).toString('hex')}`;
  if (kind !== 'sqlite') return { kind: 'redis', url: url as string, namespace, key: randomBytes(32).toString('base64') };
  return { kind, path: join(mkdtempSync(join(tmpdir(), 'coffer-fleet-')), 'cache.sqlite'), namespace };
}

/** The options of every worker's client. */
export function clientOptions(endpoint: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { region, endpoint, credentials, maxAttempts: 1, ...extra };
}
