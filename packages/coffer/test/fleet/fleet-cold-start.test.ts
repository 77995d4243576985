import { all, startFleet, stopFleet } from './fleet';
import {
  buildCoffer,
  type CacheSpec,
  clientOptions,
  proxy,
  seedParameters,
  seedSecrets,
  sharedCache,
  sharedKinds,
  uniquePrefix,
} from './support';

jest.setTimeout(120_000);
beforeAll(() => buildCoffer());

const FLEET = 16;
const kinds = sharedKinds;

async function coldStart(provider: 'aws.ps' | 'aws.sm', values: Record<string, string>, cache: CacheSpec) {
  const counter = await proxy();
  const workers = await startFleet(FLEET);
  try {
    await all(workers, 'setup', { provider, options: clientOptions(counter.endpoint), cache });
    const replies = await all(workers, 'read', { names: Object.keys(values) });
    for (const reply of replies) expect(reply.values).toEqual(values);
    return counter;
  } finally {
    await stopFleet(workers);
    await counter.close();
  }
}

describe.each(kinds)('a fleet of %s-sharing processes started together', (kind) => {
  it('reads the same 100 parameters with at most 12 GetParameters calls in all (the floor is 10)', async () => {
    const values = await seedParameters(uniquePrefix(), 100);

    const counter = await coldStart('aws.ps', values, sharedCache(kind));

    expect(counter.count('GetParameters')).toBeGreaterThanOrEqual(10);
    expect(counter.count('GetParameters')).toBeLessThanOrEqual(12);
    expect(counter.count()).toBe(counter.count('GetParameters'));
  });

  it('reads the same 100 secrets with at most 7 BatchGetSecretValue calls in all (the floor is 5)', async () => {
    const values = await seedSecrets(uniquePrefix(), 100);

    const counter = await coldStart('aws.sm', values, sharedCache(kind));

    expect(counter.count('BatchGetSecretValue')).toBeGreaterThanOrEqual(5);
    expect(counter.count('BatchGetSecretValue')).toBeLessThanOrEqual(7);
    expect(counter.count()).toBe(counter.count('BatchGetSecretValue'));
  });
});

describe('a fleet configured by COFFER_CACHE alone', () => {
  it('single-flights its misses across processes through sqlite:///path', async () => {
    const values = await seedParameters(uniquePrefix(), 100);
    const counter = await proxy();
    const path = (sharedCache('sqlite') as { path: string }).path;
    const workers = await startFleet(8, { COFFER_CACHE: `sqlite://${path}`, COFFER_CACHE_KEY: '' });
    try {
      await all(workers, 'setup', { provider: 'aws.ps', options: clientOptions(counter.endpoint), cache: { kind: 'env' } });
      for (const reply of await all(workers, 'read', { names: Object.keys(values) })) expect(reply.values).toEqual(values);
      expect(counter.count('GetParameters')).toBeLessThanOrEqual(12);
    } finally {
      await stopFleet(workers);
      await counter.close();
    }
  });
});

describe('a fleet without a shared cache', () => {
  it('makes its 10 calls in every process: what the shared cache saves', async () => {
    const values = await seedParameters(uniquePrefix(), 100);
    const counter = await proxy();
    const workers = await startFleet(4);
    try {
      await all(workers, 'setup', { provider: 'aws.ps', options: clientOptions(counter.endpoint), cache: { kind: 'memory' } });
      await all(workers, 'read', { names: Object.keys(values) });
      expect(counter.count('GetParameters')).toBe(40);
    } finally {
      await stopFleet(workers);
      await counter.close();
    }
  });
});
