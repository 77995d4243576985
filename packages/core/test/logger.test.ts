import { type CacheAdapter, createClient, memoryProvider } from '@coffer/core';

const broken: CacheAdapter = {
  name: 'broken',
  get: () => {
    throw new Error('disk on fire');
  },
  set: async () => {
    throw new Error('disk on fire');
  },
  delete: async () => undefined,
  clear: async () => undefined,
};

describe('the logger option of a client', () => {
  it('gets the warning of a failing cache, once, and never a value', async () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const warnings: string[] = [];
    const client = createClient({
      provider: memoryProvider({ seed: { '/a': 's3cr3t-a' } }),
      cache: broken,
      logger: { warn: (message) => warnings.push(message) },
    });

    await expect(client.get('/a')).resolves.toBe('s3cr3t-a');
    await expect(client.get('/a')).resolves.toBe('s3cr3t-a');

    const emitted = spy.mock.calls.length;
    spy.mockRestore();
    expect(emitted).toBe(0);
    expect(warnings).toEqual(['the broken cache failed (Error); reading without it']);
  });
});
