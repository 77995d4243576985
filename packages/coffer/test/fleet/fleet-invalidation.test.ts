import { coffer } from '../cli-helpers';
import { all, startFleet, stopFleet, type Worker } from './fleet';
import {
  buildCoffer,
  type CacheSpec,
  clientOptions,
  credentials,
  proxy,
  region,
  seedParameters,
  seedSsmValue,
  sharedCache,
  sharedKinds,
  uniquePrefix,
} from './support';

jest.setTimeout(120_000);
beforeAll(() => buildCoffer());

const FLEET = 16;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// How long an invalidation may take to reach every memory tier: the bounds.
const BOUND_MS = { redis: 1000, cluster: 1000, sqlite: 2000 } as const;
const kinds = sharedKinds;

/** The namespace the CLI's cache uses for aws.ps at `endpoint`, so workers can share it. */
const cliNamespace = (endpoint: string) => `aws.ps\u0000${region}|${endpoint}||${credentials.accessKeyId}`;

async function readEverywhere(workers: readonly Worker[], name: string): Promise<unknown[]> {
  const replies = await all(workers, 'read', { names: [name] });
  return replies.map((reply) => (reply.values as Record<string, unknown>)[name]);
}

describe.each(kinds)('invalidation across a fleet sharing %s', (kind) => {
  it(`reaches the memory tier of all 15 other processes within ${BOUND_MS[kind] / 1000} s of an update`, async () => {
    const values = await seedParameters(uniquePrefix(), 1);
    const [name] = Object.keys(values) as [string];
    const counter = await proxy();
    const workers = await startFleet(FLEET);
    try {
      await all(workers, 'setup', { provider: 'aws.ps', options: clientOptions(counter.endpoint), cache: sharedCache(kind) });
      expect(await readEverywhere(workers, name)).toEqual(Array(FLEET).fill('value-0'));
      // The memory tiers hold it: a second read everywhere makes no call.
      const before = counter.count('GetParameters');
      expect(await readEverywhere(workers, name)).toEqual(Array(FLEET).fill('value-0'));
      expect(counter.count('GetParameters')).toBe(before);

      await (workers[0] as Worker).send('update', { name, value: 'changed' });
      await sleep(BOUND_MS[kind]);

      expect(await readEverywhere(workers, name)).toEqual(Array(FLEET).fill('changed'));
    } finally {
      await stopFleet(workers);
      await counter.close();
    }
  });

  it('reaches every process after refresh(path) and clear() in one of them', async () => {
    const values = await seedParameters(uniquePrefix(), 2);
    const [first, second] = Object.keys(values) as [string, string];
    const counter = await proxy();
    const workers = await startFleet(4);
    try {
      await all(workers, 'setup', { provider: 'aws.ps', options: clientOptions(counter.endpoint), cache: sharedCache(kind) });
      await readEverywhere(workers, first);
      await readEverywhere(workers, second);
      // Changed behind coffer's back: only a refresh or a clear can tell the fleet.
      await seedSsmValue(first, 'refreshed');
      await seedSsmValue(second, 'cleared');

      await (workers[1] as Worker).send('refresh', { name: first });
      await (workers[2] as Worker).send('clear');
      await sleep(BOUND_MS[kind]);

      expect(await readEverywhere(workers, first)).toEqual(Array(4).fill('refreshed'));
      expect(await readEverywhere(workers, second)).toEqual(Array(4).fill('cleared'));
    } finally {
      await stopFleet(workers);
      await counter.close();
    }
  });

  it('reaches every process after `coffer update` from the command line', async () => {
    const values = await seedParameters(uniquePrefix(), 1);
    const [name] = Object.keys(values) as [string];
    const counter = await proxy();
    const base = sharedCache(kind);
    const cache = { ...base, namespace: cliNamespace(counter.endpoint) } as CacheSpec;
    const workers = await startFleet(4);
    try {
      await all(workers, 'setup', { provider: 'aws.ps', options: clientOptions(counter.endpoint), cache });
      expect(await readEverywhere(workers, name)).toEqual(Array(4).fill('value-0'));

      const spec = cache.kind === 'redis' ? cache.url : `sqlite://${(cache as { path: string }).path}`;
      const env = {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        COFFER_CACHE_KEY: cache.kind === 'redis' ? cache.key : undefined,
      };
      const run = await coffer(
        ['update', 'aws.ps', name, 'from-cli', '--region', region, '--endpoint', counter.endpoint, '--cache', spec],
        {
          env,
        },
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      await sleep(BOUND_MS[kind]);

      expect(await readEverywhere(workers, name)).toEqual(Array(4).fill('from-cli'));
    } finally {
      await stopFleet(workers);
      await counter.close();
    }
  });
});
