import {
  type CacheAdapter,
  configure,
  createClient,
  get,
  memoryCache,
  memoryProvider,
  type Provider,
  registerProvider,
  ValidationError,
} from '@coffer/core';

declare module '@coffer/core' {
  interface CofferProviders {
    'validation.mem': {};
  }
}

/** What calling `make` did: the error's class and code, or 'returned'. */
function outcome(make: () => unknown): string {
  try {
    make();
    return 'returned';
  } catch (error) {
    return `${(error as Error).constructor.name} ${(error as { code?: string }).code}`;
  }
}

const INVALID = 'ValidationError INVALID_INPUT';

describe('validation at every public entry', () => {
  it('rejects options that are not an object on the fast path exactly as on a cold cache', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
    const bad = [42, true, () => {}, 'decrypt', [], Symbol('s')];
    for (const options of bad) await expect(client.get('/b', options as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await client.get('/a')).toBe('x');
    for (const options of bad) await expect(client.get('/a', options as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(client.stats().apiCalls).toBe(1);
  });

  it('rejects a cache that is not a cache adapter, saying what to pass', () => {
    const provider = memoryProvider();
    const onlyGet = { name: 'half', get: () => undefined };
    for (const cache of [null, 'sqlite', 'memory', true, {}, onlyGet, 42, { ...memoryCache(), ttl: 'soon' }]) {
      expect(outcome(() => createClient({ provider, cache: cache as unknown as CacheAdapter }))).toBe(INVALID);
    }
    expect(() => createClient({ provider, cache: 'sqlite' as never })).toThrow(/memoryCache\(\).*COFFER_CACHE/);
    expect(outcome(() => createClient({ provider, cache: false }))).toBe('returned');
  });

  it('rejects configure() with a cache name, keeping the configuration it had', async () => {
    registerProvider('validation.mem', () => memoryProvider({ seed: { '/v': 'kept' } }));
    // @ts-expect-error a cache name is no cache adapter: the types catch it too
    expect(outcome(() => configure('validation.mem', { cache: 'memory' }))).toBe(INVALID);
    // @ts-expect-error as above
    expect(() => configure('validation.mem', { cache: 'memory' })).toThrow(/pass a cache adapter such as memoryCache\(\)/);
    expect(await get('validation.mem', '/v')).toBe('kept');
  });

  it('rejects memoryCache options that are not an object', () => {
    for (const options of [null, 'big', 5, []]) expect(outcome(() => memoryCache(options as never))).toBe(INVALID);
    expect(outcome(() => memoryCache())).toBe('returned');
  });

  it('rejects a refreshAhead that is not a boolean or a fraction', () => {
    const provider = memoryProvider();
    for (const refreshAhead of [Number.NaN, Number.POSITIVE_INFINITY, -0.1, 1, '0.5']) {
      expect(outcome(() => createClient({ provider, refreshAhead: refreshAhead as never }))).toBe(INVALID);
    }
    expect(outcome(() => createClient({ provider, refreshAhead: 0.5 }))).toBe('returned');
  });

  it('rejects, before any call, a value that would not read back as written', async () => {
    const provider = memoryProvider({ seed: { '/w': 'one' } });
    const client = createClient({ provider });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: unknown[] = [
      { toJSON: () => undefined },
      { toJSON: () => 'other' },
      () => 'x',
      Symbol('s'),
      undefined,
      null,
      42,
      { a: undefined },
      { a: () => 1 },
      { a: Symbol('s') },
      [1, undefined],
      [Number.NaN],
      { n: Number.POSITIVE_INFINITY },
      { d: new Date(0) },
      { m: new Map() },
      { [Symbol('k')]: 1 },
      { big: BigInt(1) },
      cyclic,
      Object.defineProperty({}, 'boom', {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      }),
    ];
    for (const value of bad) {
      await expect(client.update('/w', value as never)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(client.stats().apiCalls).toBe(0);
    expect(await client.get('/w')).toBe('one');
  });

  it('checks update values in core, so a provider never sees a bad one', async () => {
    const seen: unknown[] = [];
    const provider: Provider = {
      name: 'recorder',
      async get() {
        return undefined;
      },
      async update(request) {
        seen.push(request.value);
      },
    };
    const client = createClient({ provider, cache: false });
    await expect(client.update('/x', { toJSON: () => undefined } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await client.update('/x', { nested: [1, 'two', null, { ok: true }] });
    expect(seen).toEqual([{ nested: [1, 'two', null, { ok: true }] }]);
  });

  it('keeps lists that a comma-separated text would change, exactly', async () => {
    const provider = memoryProvider({ seed: { '/l': 'x' } });
    const client = createClient({ provider, cache: false });
    for (const list of [['a,b', 'c'], [''], [], ['', 'a'], ['a', 'b']]) {
      await client.update('/l', list);
      expect(await client.get('/l')).toEqual(list);
    }
  });
});
