import { configure, createClient, getMany, memoryCache, memoryProvider, registerProvider } from '@coffer/core';

declare module '@coffer/core' {
  interface CofferProviders {
    'many.test': { configure: { cache?: unknown } };
  }
}

const names = (count: number, prefix = '/many') => Array.from({ length: count }, (_, i) => `${prefix}/p${i}`);
const seedOf = (list: string[]) => Object.fromEntries(list.map((name, i) => [name, `v${i}`]));

describe('getMany', () => {
  it('reads 100 names in 10 batched calls and answers an object keyed by path', async () => {
    const list = names(100);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(list), maxBatchSize: 10 }), cache: memoryCache() });

    const values = await client.getMany(list);

    expect(values).toEqual(seedOf(list));
    expect(client.stats().apiCalls).toBe(10);
  });

  it('answers names it has cached without a call, and one-at-a-time reads afterwards too', async () => {
    const list = names(30);
    const client = createClient({ provider: memoryProvider({ seed: seedOf(list) }), cache: memoryCache() });
    await client.getMany(list.slice(0, 20));

    await client.getMany(list.slice(10));
    for (const name of list) await client.get(name);

    expect(client.stats().apiCalls).toBe(2 + 1);
  });

  it('takes each path with its own options, over the shared ones', async () => {
    const client = createClient({
      provider: memoryProvider({ seed: { '/db': '{"host":"h","port":5432}', '/list': '["a","b"]' } }),
      cache: memoryCache(),
    });

    const values = await client.getMany({ '/db': { decode: 'auto', keypath: ['host'] }, '/list': {} }, { decode: 'raw' });

    expect(values).toEqual({ '/db': 'h', '/list': '["a","b"]' });
  });

  it('throws the first failed path’s typed error by default, once every read is done', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': '1', '/c': '3' } }), cache: memoryCache() });

    await expect(client.getMany(['/a', '/missing', '/c'])).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', path: '/missing' });
    expect(await client.getMany(['/a', '/c'])).toEqual({ '/a': '1', '/c': '3' });
    expect(client.stats().apiCalls).toBe(1);
  });

  it('returns the errors beside the values with throwOnError: false', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': '1' } }), cache: memoryCache() });

    const { values, errors } = await client.getMany(['/a', '/missing', ''], { throwOnError: false });

    expect(values).toEqual({ '/a': '1' });
    expect(Object.keys(errors).sort()).toEqual(['', '/missing']);
    expect(errors['/missing']).toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(errors['']).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('rejects bad input with a ValidationError before any read', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': '1' } }), cache: memoryCache() });

    await expect(client.getMany(['/a', ''])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.getMany(['/a', 42] as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.getMany(['/a', '/a'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.getMany({ '/a': 'x' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.getMany(['/a'], { throwOnError: 'no' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(client.getMany(['/a'], { keypath: 'password' } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(client.stats().apiCalls).toBe(0);
  });

  it('is at the top level too, on the shared instance', async () => {
    const list = names(12, '/top');
    const provider = memoryProvider({ seed: seedOf(list) });
    registerProvider('many.test', () => provider);
    configure('many.test', { cache: memoryCache() });

    expect(await getMany('many.test', list)).toEqual(seedOf(list));
    const { values, errors } = await getMany('many.test', ['/top/p0', '/top/none'], { throwOnError: false });
    expect(values).toEqual({ '/top/p0': 'v0' });
    expect(errors['/top/none']?.code).toBe('SECRET_NOT_FOUND');
  });
});
