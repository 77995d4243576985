import { type CacheAdapter, type CallContext, createClient, memoryCache, memoryProvider, type Provider } from '@coffer/core';
import { Gathering, HOLD_IDLE_MS, HOLD_MAX_MS } from '../src/read/gathering';
import { turns } from './helpers';

const NAMES = Array.from({ length: 10 }, (_, i) => `/g/${i}`);

/** A memory provider that batches 10 names a call, counting its calls. */
function batchingProvider() {
  const inner = memoryProvider({ seed: Object.fromEntries(NAMES.map((name) => [name, `v${name}`])) });
  const calls: number[] = [];
  const provider: Provider = {
    ...inner,
    maxBatchSize: 10,
    async getMany(requests, context: CallContext) {
      calls.push(requests.length);
      return inner.getMany!(requests, context);
    },
  };
  return { provider, calls };
}

/**
 * A memory cache whose first ten lookups (the reads' misses) answer only when the test lets
 * them (a slow SQLite file or Redis), and, with `leases`, takes leases like a shared cache,
 * counting the requests.
 */
function gatedCache(leases = false) {
  const inner = memoryCache();
  const gates: (() => void)[] = [];
  const leaseRequests: number[] = [];

  const adapter: CacheAdapter = {
    name: 'gated',
    ttl: inner.ttl,
    get: (key) => {
      if (gates.length >= NAMES.length) return inner.get(key);
      return new Promise((resolve) => gates.push(() => resolve(inner.get(key))));
    },
    set: (key, entry, ttl) => inner.set(key, entry, ttl),
    delete: (key) => inner.delete(key),
    clear: () => inner.clear(),
    ...(leases
      ? {
          takeLeases: async (keys: readonly string[]) => {
            leaseRequests.push(keys.length);
            return keys;
          },
          releaseLeases: async () => undefined,
        }
      : {}),
  };
  return {
    adapter,
    leaseRequests,
    lookups: () => gates.length,
    /** Lets the `index`-th lookup answer. */
    answer(index: number) {
      gates[index]?.();
    },
  };
}

/** Reads every name together, the cache answering each lookup in a later turn than the one before. */
async function readAnsweredInTurns(client: { get(name: string): Promise<unknown> }, cache: { answer(i: number): void }) {
  const reads = Promise.all(NAMES.map((name) => client.get(name)));
  await turns(1);
  for (let i = 0; i < NAMES.length; i++) {
    cache.answer(i);
    await turns(3);
  }
  return reads;
}

describe('the one hold of the read path (gathering)', () => {
  it('sends reads issued together as one batch though their lookups answer in different turns', async () => {
    const { provider, calls } = batchingProvider();
    const cache = gatedCache();
    const client = createClient({ provider, cache: cache.adapter });
    const reads = readAnsweredInTurns(client, cache);
    expect(await reads).toEqual(NAMES.map((name) => `v${name}`));
    expect(calls).toEqual([10]);
  });

  it('takes the leases of reads issued together in one request, and sends them in one batch', async () => {
    const { provider, calls } = batchingProvider();
    const cache = gatedCache(true);
    const client = createClient({ provider, cache: cache.adapter });
    const reads = readAnsweredInTurns(client, cache);
    await reads;
    expect(cache.leaseRequests).toEqual([10]);
    expect(calls).toEqual([10]);
  });

  it('does not let a stuck lookup hold the batch nor the lease request of the others', async () => {
    for (const leases of [false, true]) {
      const { provider, calls } = batchingProvider();
      const cache = gatedCache(leases);
      const client = createClient({ provider, cache: cache.adapter });
      const stuck = client.get(NAMES[0] as string);
      const others = Promise.all(NAMES.slice(1).map((name) => client.get(name)));
      await turns(1);
      for (let i = 1; i < NAMES.length; i++) cache.answer(i);

      expect(await others).toHaveLength(9);
      expect(calls).toEqual([9]);
      expect(cache.leaseRequests).toEqual(leases ? [9] : []);

      cache.answer(0);
      expect(await stuck).toBe('v/g/0');
      expect(calls).toEqual([9, 1]);
    }
  });
});

describe('Gathering, alone', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends a wait at once when no read is looking in the cache', () => {
    const gathering = new Gathering();
    const ready = jest.fn();
    gathering.after(ready);
    jest.advanceTimersToNextTimer();
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('waits for the reads looking when it began, not for those that begin later', () => {
    const gathering = new Gathering();
    const first = gathering.hold();
    const ready = jest.fn();
    gathering.after(ready);
    const later = gathering.hold();
    gathering.release(first);
    jest.advanceTimersToNextTimer();
    expect(ready).toHaveBeenCalledTimes(1);
    gathering.release(later);
  });

  it('waits the idle bound after the last read finished, with others still looking', () => {
    const gathering = new Gathering();
    const [first] = [gathering.hold(), gathering.hold()];
    const start = Date.now();
    let endedAt: number | undefined;
    gathering.after(() => {
      endedAt = Date.now();
    });
    jest.advanceTimersByTime(10);
    gathering.release(first as number);
    jest.advanceTimersByTime(HOLD_IDLE_MS - 1);
    expect(endedAt).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(endedAt).toBe(start + 10 + HOLD_IDLE_MS);
  });

  it('never waits past the overall bound, however steadily reads finish', () => {
    const gathering = new Gathering();
    const holds = Array.from({ length: 100 }, () => gathering.hold());
    const start = Date.now();
    let endedAt: number | undefined;
    gathering.after(() => {
      endedAt = Date.now();
    });
    for (const hold of holds) {
      jest.advanceTimersByTime(HOLD_IDLE_MS - 1);
      if (endedAt !== undefined) break;
      gathering.release(hold);
    }
    expect(endedAt).toBe(start + HOLD_MAX_MS);
  });
});
