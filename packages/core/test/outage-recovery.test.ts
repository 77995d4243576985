import { createClient, memoryCache } from '@coffer/core';
import { flakyProvider, manualClock, networkDown, turns } from './helpers';

const NAMES = Array.from({ length: 100 }, (_, i) => `/app/k${i}`);

// Issue 17, defect 2: after an outage, reads stayed stale for more than 5 s once the backend was
// back (the back-off window widened with every key's failure, and nothing probed the backend).
describe('recovery after an outage', () => {
  let clock: ReturnType<typeof manualClock>;
  beforeEach(() => {
    clock = manualClock();
  });
  afterEach(() => clock.restore());

  it('answers stale at once during the outage, one call per key per window at most, and fresh one window after the backend returns', async () => {
    const backend = flakyProvider(Object.fromEntries(NAMES.map((name) => [name, 'old'])));
    const client = createClient({ provider: backend.provider, cache: memoryCache(), ttl: '1s' });
    for (const name of NAMES) expect(await client.get(name)).toBe('old');
    const warm = client.stats().apiCalls;

    backend.failWith(networkDown());
    clock.advance(1500); // every value expired
    // Two seconds of outage, read every 100 ms.
    for (let step = 0; step < 20; step++) {
      for (const name of NAMES) expect(await client.get(name)).toBe('old');
      await turns(3);
      clock.advance(100);
    }
    const outageCalls = client.stats().apiCalls - warm;
    console.log(`outage: 2,000 reads of 100 expired keys over 2 s answered stale with ${outageCalls} backend calls`);
    // The breaker opened after its first ten failures: from then on, one probe per second.
    expect(outageCalls).toBeLessThanOrEqual(10 + 2 + 1);

    for (const name of NAMES) backend.inner.set(name, 'new');
    backend.failWith(undefined);
    clock.advance(1000); // one probe interval after the backend returned
    for (const name of NAMES) await client.get(name); // the probe, answered stale
    await turns(5);
    for (const name of NAMES) await client.get(name); // every key refreshing, answered stale or fresh
    await turns(5);
    for (const name of NAMES) expect(await client.get(name)).toBe('new');
  });

  it('spaces refreshes of a failing key with a stale value, while a cold read of another key still calls', async () => {
    const backend = flakyProvider({ '/a': 'a', '/b': 'b' });
    const client = createClient({ provider: backend.provider, ttl: '1s', errorBackoff: { base: '1s', growth: 2, max: '4s' } });
    expect(await client.get('/a')).toBe('a');
    backend.failWith(networkDown());
    clock.advance(1500);

    expect(await client.get('/a')).toBe('a'); // stale: its refresh failed
    const afterFirst = client.stats().apiCalls;
    for (let i = 0; i < 5; i++) expect(await client.get('/a')).toBe('a'); // within its window: no call
    await turns(3);
    expect(client.stats().apiCalls).toBe(afterFirst);
    clock.advance(1000); // the window passed: one background refresh, the answer still at once
    expect(await client.get('/a')).toBe('a');
    await turns(3);
    expect(client.stats().apiCalls).toBe(afterFirst + 1);

    // Nothing cached for /b: it always tries while the breaker is closed.
    await expect(client.get('/b')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await expect(client.get('/b')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    expect(client.stats().apiCalls).toBe(afterFirst + 3);
    expect(client.stats().stale).toBe(7);
  });
});
