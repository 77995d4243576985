import { createClient, memoryProvider, type Provider } from '@coffer/core';
import { turns } from './helpers';

/** A memory provider that answers normally until `hang()`, then never answers. */
function hangingProvider(seed: Record<string, string>) {
  const inner = memoryProvider({ seed });
  let hanging = false;
  let calls = 0;
  const provider: Provider = {
    ...inner,
    async getMany(requests, context) {
      calls++;
      if (hanging) return new Promise(() => undefined);
      return inner.getMany!(requests, context);
    },
  };
  return { provider, inner, hang: () => (hanging = true), calls: () => calls };
}

// Issue 17: a warm, expired value did not wait less than timeoutMs × maxAttempts (15 s by
// default) for a hanging backend. It now answers stale once the refresh has taken `staleWait`.
describe('a hanging backend', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('answers a warm, expired value stale within staleWait (1 s by default), the refresh going on behind', async () => {
    const backend = hangingProvider({ '/a': 'old', '/b': 'b' });
    const client = createClient({ provider: backend.provider, ttl: '1m' });
    expect(await client.get('/a')).toBe('old');
    backend.hang();
    jest.advanceTimersByTime(61_000);

    let answer: unknown = 'unanswered';
    void client.get('/a').then((value) => (answer = value));
    await turns(5);
    jest.advanceTimersByTime(999);
    await turns(5);
    expect(answer).toBe('unanswered');
    jest.advanceTimersByTime(1);
    await turns(5);
    expect(answer).toBe('old');
    expect(client.stats()).toMatchObject({ stale: 1, misses: 2 });

    // The refresh still runs: a second read joins it, and answers stale within the bound too.
    let second: unknown = 'unanswered';
    void client.get('/a').then((value) => (second = value));
    jest.advanceTimersByTime(1000);
    await turns(5);
    expect(second).toBe('old');
    expect(backend.calls()).toBe(2);
  });

  it('with staleWait: false, waits for the refresh as long as it takes', async () => {
    const backend = hangingProvider({ '/a': 'old' });
    const client = createClient({ provider: backend.provider, ttl: '1m', staleWait: false });
    expect(await client.get('/a')).toBe('old');
    backend.hang();
    jest.advanceTimersByTime(61_000);
    let answer: unknown = 'unanswered';
    void client.get('/a').then((value) => (answer = value));
    jest.advanceTimersByTime(30_000);
    await turns(5);
    expect(answer).toBe('unanswered');
  });
});
