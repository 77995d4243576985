import { createClient, memoryCache, type Provider, ProviderError } from '@coffer/core';
import { manualClock } from './helpers';

// A Node Buffer's own `slice` shares its memory: bytes handed out must be real copies, or a
// caller could change what the cache holds (found by the gcp.sm work).
describe('bytes handed out', () => {
  it('are copies, even when the provider answers with a Buffer', async () => {
    const provider: Provider = {
      name: 'bytes',
      get: async (_request, context) => {
        context.countApiCall();
        return { value: Buffer.from('secret-bytes') };
      },
    };
    const client = createClient({ provider, cache: memoryCache() });

    const first = (await client.get('/b')) as Uint8Array;
    first.fill(0);
    const hot = (await client.get('/b')) as Uint8Array; // the hot path
    hot.fill(0);
    const full = (await client.get('/b', { decode: 'auto' })) as Uint8Array; // the full path

    expect(Buffer.from(full).toString()).toBe('secret-bytes');
    expect(client.stats().apiCalls).toBe(1);
  });
});

describe('a read refused by the open breaker', () => {
  it('keeps the classification of the failure that opened it', async () => {
    const clock = manualClock();
    try {
      const provider: Provider = {
        name: 'down',
        get: async () => {
          throw new ProviderError('no route', { transient: true, failure: 'network' });
        },
      };
      const client = createClient({ provider, cache: false, breaker: { minCalls: 1, window: 1 } });
      await expect(client.get('/a')).rejects.toMatchObject({ failure: 'network' });
      await expect(client.get('/b')).rejects.toMatchObject({
        failure: 'network',
        transient: true,
        message: expect.stringMatching(/circuit open/),
      });
    } finally {
      clock.restore();
    }
  });
});
