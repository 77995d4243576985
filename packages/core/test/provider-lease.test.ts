import { createClient, memoryCache, type Provider } from '@coffer/core';
import { manualClock } from './helpers';

/** A provider whose values carry a lease, as Vault KV v1 reads do. */
function leasedProvider(ttlMs: number | undefined): Provider {
  let reads = 0;
  return {
    name: 'leased',
    async get(_request, context) {
      context.countApiCall();
      reads++;
      return { value: `v${reads}`, ...(ttlMs === undefined ? {} : { ttlMs }) };
    },
    async list(_request, context) {
      context.countApiCall();
      reads++;
      return { '/a': { value: `v${reads}`, ...(ttlMs === undefined ? {} : { ttlMs }) }, '/b': { value: 'x' } };
    },
  };
}

describe('a lease the provider gives with a value', () => {
  let clock: ReturnType<typeof manualClock>;
  beforeEach(() => {
    clock = manualClock();
  });
  afterEach(() => clock.restore());

  it('keeps the value fresh no longer than the lease when it is shorter than the ttl', async () => {
    const client = createClient({ provider: leasedProvider(30_000), cache: memoryCache({ ttl: '15m' }) });
    expect(await client.get('/a')).toBe('v1');
    clock.advance(29_000);
    expect(await client.get('/a')).toBe('v1');
    clock.advance(2_000);
    expect(await client.get('/a')).toBe('v2');
    expect(client.stats().apiCalls).toBe(2);
  });

  it('bounds a listing by the shortest lease of its entries', async () => {
    const client = createClient({ provider: leasedProvider(30_000), cache: memoryCache({ ttl: '15m' }) });
    expect((await client.getByPath('/'))['/a']).toBe('v1');
    clock.advance(31_000);
    expect((await client.getByPath('/'))['/a']).toBe('v2');
  });

  it('leaves the ttl alone when the lease is longer, or absent', async () => {
    for (const lease of [3_600_000, undefined]) {
      const client = createClient({ provider: leasedProvider(lease), cache: memoryCache({ ttl: '1m' }) });
      await client.get('/a');
      clock.advance(50_000);
      await client.get('/a');
      expect(client.stats().apiCalls).toBe(1);
      clock.advance(11_000);
      await client.get('/a');
      expect(client.stats().apiCalls).toBe(2);
    }
  });
});
