import { createClient, get, memoryCache, memoryProvider, type ProviderName, registerProvider, type ValueWithMetadata } from '@coffer/core';

// Compiled by `tsc -p tsconfig.tests.json`: each @ts-expect-error must be an error, or the build fails.
describe('get(path, { metadata: true })', () => {
  it('returns the value with the version the backend gave, kept with it in the cache', async () => {
    const provider = memoryProvider({ seed: { '/db': { user: 'app', password: 'pw' } } });
    const client = createClient({ provider, cache: memoryCache() });

    const first = await client.get('/db', { metadata: true, keypath: ['user'] });
    const again = await client.get('/db', { metadata: true, keypath: ['user'] });
    expect(first).toEqual({ value: 'app', version: '1', updatedAt: expect.any(String), fields: {} });
    expect(again).toEqual(first);
    expect(client.stats().apiCalls).toBe(1);
    expect(Object.isFrozen(first)).toBe(true);

    await client.update('/db', { user: 'app2', password: 'pw2' });
    const updated = await client.get('/db', { metadata: true });
    expect(Number(updated.version)).toBeGreaterThan(Number(first.version));
    expect(updated.value).toEqual({ user: 'app2', password: 'pw2' });
    // Without the option, the value alone, from the same entry.
    expect(await client.get('/db', { keypath: ['user'] })).toBe('app2');
    expect(client.stats().apiCalls).toBe(3);
  });

  it('answers repeated metadata reads on the hot path: one answer per entry, bytes copied', async () => {
    const provider = memoryProvider({ seed: { '/j': { a: 1 }, '/b': new Uint8Array([1, 2]) } });
    const client = createClient({ provider, cache: memoryCache() });
    const options = { metadata: true } as const;
    await client.get('/j', options);
    const hot = client.get('/j', options);
    // The hot path hands out the one settled promise of the entry; the full path makes new ones.
    expect(client.get('/j', options)).toBe(hot);
    expect(await hot).toMatchObject({ value: { a: 1 }, version: '1' });

    await client.get('/b', options);
    const bytes = await client.get<Uint8Array, typeof options>('/b', options);
    bytes.value[0] = 9;
    expect((await client.get<Uint8Array, typeof options>('/b', options)).value[0]).toBe(1);

    await client.update('/j', { a: 2 });
    const updated = await client.get('/j', options);
    expect(updated.value).toEqual({ a: 2 });
    expect(Number(updated.version)).toBeGreaterThan(1);
    // Two reads, the update and the read after it.
    expect(client.stats().apiCalls).toBe(4);
  });

  it('is typed: the overload returns { value, version?, updatedAt?, fields }', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
    const withMeta: ValueWithMetadata<string> = await client.get<string, { metadata: true }>('/a', { metadata: true });
    const inferred = await client.get('/a', { metadata: true });
    const version: string | undefined = inferred.version;
    // @ts-expect-error with metadata, the answer is not the bare value
    const bare: string = await client.get<string, { metadata: true }>('/a', { metadata: true });
    // @ts-expect-error metadata is a boolean
    await expect(client.get('/a', { metadata: 'yes' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(withMeta.value).toBe('x');
    expect(version).toBe('1');
    expect(bare).toMatchObject({ value: 'x' });
  });

  it('works at the top level too', async () => {
    registerProvider('meta-test', () => memoryProvider({ seed: { '/t': 'v' } }));
    const answer = await get('meta-test' as ProviderName, '/t', { metadata: true });
    const version: string | undefined = answer.version;
    expect(answer).toMatchObject({ value: 'v' });
    expect(version).toBe('1');
  });
});
