import { createClient, memoryProvider } from '@coffer/core';

describe('smoke', () => {
  it('reads a seeded value', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': '{"x":1}' } }) });
    expect(await client.get('/a', { keypath: ['x'] })).toBe(1);
    expect(client.stats()).toMatchObject({ misses: 1, apiCalls: 1 });
    expect(await client.get('/a', { keypath: ['x'] })).toBe(1);
    expect(client.stats()).toMatchObject({ hits: 1, apiCalls: 1 });
  });
});
