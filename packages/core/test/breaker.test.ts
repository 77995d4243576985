import { type CallContext, createClient, memoryProvider, type Provider, ProviderError, type ReadRequest } from '@coffer/core';
import { flakyProvider, manualClock, networkDown } from './helpers';
import { mulberry32 as seeded } from '../../../scripts/test-support/fuzz/random';

/**
 * A backend whose every request fails for a transient reason with probability `rate`, behind
 * `attempts` tries per call (what the AWS providers' `maxAttempts` does). It records which calls
 * failed on every attempt: exactly the reads no client could answer without a cache.
 */
function faultyBackend(names: string[], rate: number, attempts: number, seed: number) {
  const inner = memoryProvider({ seed: Object.fromEntries(names.map((name) => [name, `v${name}`])) });
  const random = seeded(seed);
  let requests = 0;
  let exhausted = 0;
  const provider: Provider = {
    name: 'faulty',
    async get(request: ReadRequest, context: CallContext) {
      for (let attempt = 1; attempt <= attempts; attempt++) {
        requests++;
        context.countApiCall();
        if (random() >= rate) return inner.get!(request, { countApiCall: () => undefined });
      }
      exhausted++;
      throw new ProviderError('throttled after retries', { transient: true });
    },
  };
  return { provider, requests: () => requests, exhausted: () => exhausted };
}

describe('the breaker (issue 17, defect 1)', () => {
  it('lets transient faults through as they come: 30 % faults × 3 attempts, no cache, 500 reads answer ≥ 97 %', async () => {
    const names = Array.from({ length: 500 }, (_, i) => `/k${i}`);
    const backend = faultyBackend(names, 0.3, 3, 17);
    const client = createClient({ provider: backend.provider, cache: false });

    let answered = 0;
    for (const name of names) {
      try {
        if ((await client.get(name)) === `v${name}`) answered++;
      } catch (error) {
        expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      }
    }

    // Every read called the backend: the only reads not answered are those whose every attempt failed.
    expect(answered).toBe(500 - backend.exhausted());
    expect(answered).toBeGreaterThanOrEqual(485);
    expect(client.stats().apiCalls).toBe(backend.requests());
  });

  it('opens only when at least half of at least 10 recent calls failed, then probes and closes on a success', async () => {
    const clock = manualClock();
    try {
      let down = true;
      let calls = 0;
      const inner = memoryProvider({ seed: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`/k${i}`, 'v'])) });
      const provider: Provider = {
        name: 'down',
        async get(request, context) {
          calls++;
          if (down) throw networkDown();
          return inner.get!(request, context);
        },
      };
      const client = createClient({ provider, cache: false, breaker: { probeInterval: '2s' } });

      for (let i = 0; i < 9; i++) await expect(client.get(`/k${i}`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
      expect(calls).toBe(9); // nine failures are not yet "clearly failing": every cold read calls
      await expect(client.get('/k9')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
      expect(calls).toBe(10);

      // Open: cold reads fail fast, typed and transient, without a call.
      await expect(client.get('/k10')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      await expect(client.get('/k11')).rejects.toThrow(/circuit open/);
      expect(calls).toBe(10);

      // One probe per interval; it fails, the breaker stays open.
      clock.advance(2000);
      await expect(client.get('/k12')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
      await expect(client.get('/k13')).rejects.toThrow(/circuit open/);
      expect(calls).toBe(11);

      // The backend is back: the next probe succeeds and closes it.
      down = false;
      clock.advance(2000);
      expect(await client.get('/k14')).toBe('v');
      expect(await client.get('/k15')).toBe('v');
      expect(calls).toBe(13);
    } finally {
      clock.restore();
    }
  });

  it('judges backend calls, not keys: a failed batch of ten names is one failure', async () => {
    const backend = flakyProvider(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`/k${i}`, 'v'])));
    const client = createClient({ provider: backend.provider, cache: false });
    backend.failWith(networkDown());
    const names = Array.from({ length: 10 }, (_, i) => `/k${i}`);
    const failed = await Promise.allSettled(names.map((name) => client.get(name)));
    expect(failed.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(client.stats().apiCalls).toBe(1);

    backend.failWith(undefined);
    // One failed call of one: the breaker is closed, every cold read calls.
    expect(await Promise.all(names.map((name) => client.get(name.replace('/k', '/k1'))))).toEqual(names.map(() => 'v'));
    expect(client.stats().apiCalls).toBe(2);
  });

  it('counts a batch answered with a transient error for every name as one failed call (as aws.ps answers)', async () => {
    let calls = 0;
    const provider: Provider = {
      name: 'per-name',
      maxBatchSize: 10,
      async getMany(requests) {
        calls++;
        return requests.map(() => new ProviderError('503 after retries', { transient: true }));
      },
    };
    const client = createClient({ provider, cache: false });
    for (let i = 0; i < 10; i++) await expect(client.get(`/k${i}`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(calls).toBe(10);
    await expect(client.get('/k10')).rejects.toThrow(/circuit open/);
    expect(calls).toBe(10);
  });

  it('never opens on failures that are not transient (not found, access denied)', async () => {
    const client = createClient({ provider: memoryProvider(), cache: false });
    for (let i = 0; i < 30; i++) await expect(client.get(`/missing${i}`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(client.stats().apiCalls).toBe(30);
  });

  it('can be turned off, and refuses bad thresholds before anything is made', () => {
    expect(() => createClient({ provider: memoryProvider(), breaker: false })).not.toThrow();
    for (const breaker of [
      { minCalls: 0 },
      { window: 5, minCalls: 6 },
      { failureRatio: 0 },
      { failureRatio: 2 },
      { probeInterval: 'soon' },
      'on',
    ]) {
      expect(() => createClient({ provider: memoryProvider(), breaker: breaker as never })).toThrow(
        expect.objectContaining({ code: 'INVALID_INPUT' }),
      );
    }
  });
});
