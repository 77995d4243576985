import { ParameterStore } from '@coffer/aws-ps';
import { cacheFromSpec, keyvCache, memoryCache, tieredCache } from 'coffer';
import { coffer } from '../cli-helpers';
import { buildCoffer, credentials, proxy, redisUrl, region, seedParameters, sharedCache, uniquePrefix } from './support';

jest.setTimeout(60_000);
beforeAll(() => buildCoffer());

// How long a `coffer update` in another process may take to reach a watch: the bounds.
const BOUND_MS = { redis: 1000, sqlite: 2000 } as const;
const kinds = redisUrl ? (['redis', 'sqlite'] as const) : (['sqlite'] as const);
const cliNamespace = (endpoint: string) => `aws.ps\u0000${region}|${endpoint}||${credentials.accessKeyId}`;

describe.each(kinds)('watch over a fleet sharing %s', (kind) => {
  it(`hears a coffer update from another process within ${BOUND_MS[kind]} ms, with a 60 s interval`, async () => {
    const [name] = Object.keys(await seedParameters(uniquePrefix(), 1)) as [string];
    const counter = await proxy();
    const spec = sharedCache(kind);
    const namespace = cliNamespace(counter.endpoint);
    const shared =
      spec.kind === 'redis'
        ? cacheFromSpec(spec.url, { namespace, encryptionKey: spec.key })
        : keyvCache({ path: (spec as { path: string }).path, namespace });
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: tieredCache(memoryCache(), shared) });
    const seen: unknown[] = [];
    let heard!: (at: number) => void;
    const heardAt = new Promise<number>((resolve) => {
      heard = resolve;
    });
    const unwatch = ps.watch(
      name,
      (value) => {
        seen.push(value);
        heard(Date.now());
      },
      { interval: '60s' },
    );
    try {
      expect(await ps.get(name)).toBe('value-0');
      await new Promise((resolve) => setTimeout(resolve, 500));

      const cacheSpec = spec.kind === 'redis' ? spec.url : `sqlite://${(spec as { path: string }).path}`;
      const run = await coffer(
        ['update', 'aws.ps', name, 'from-cli', '--region', region, '--endpoint', counter.endpoint, '--cache', cacheSpec],
        {
          env: {
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            COFFER_CACHE_KEY: spec.kind === 'redis' ? spec.key : undefined,
          },
        },
      );
      const updatedAt = Date.now();
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const bound = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('not heard in time')), BOUND_MS[kind]));

      const at = await Promise.race([heardAt, bound]);

      expect(at - updatedAt).toBeLessThanOrEqual(BOUND_MS[kind]);
      expect(seen).toEqual(['from-cli']);
    } finally {
      unwatch();
      await ps.close();
      await shared.close?.();
      await counter.close();
    }
  });
});
