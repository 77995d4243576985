import {
  CofferError,
  configure,
  createClient,
  get,
  getByPath,
  instance,
  memoryProvider,
  pathExists,
  registerProvider,
  UnknownProviderError,
  update,
} from '@coffer/core';

declare module '@coffer/core' {
  interface CofferProviders {
    'test.mem': { configure: { seed?: Record<string, string> } };
  }
}

describe('the top-level API', () => {
  const seed = { '/top/a': 'one', '/top/b': '{"k":"v"}' };

  beforeAll(() => {
    registerProvider('test.mem', (options?: { seed?: Record<string, string> }) => memoryProvider({ seed: options?.seed ?? seed }));
  });

  it('reads, lists, checks and writes through the shared instance', async () => {
    expect(await get('test.mem', '/top/b', { keypath: ['k'] })).toBe('v');
    expect(await getByPath('test.mem', '/top')).toEqual({ '/top/a': 'one', '/top/b': { k: 'v' } });
    expect(await pathExists('test.mem', '/top/a')).toBe(true);
    await update('test.mem', '/top/a', 'two');
    expect(await get('test.mem', '/top/a')).toBe('two');
  });

  it('keeps one shared instance per provider name', async () => {
    expect(instance('test.mem')).toBe(instance('test.mem'));
  });

  it('configure replaces the options and drops the cache', async () => {
    configure('test.mem', { seed: { '/x': 'configured' }, ttl: '1m' });
    expect(await get('test.mem', '/x')).toBe('configured');
    configure('test.mem');
    await expect(get('test.mem', '/x')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
  });

  it('rejects bad options in configure itself, keeping the configuration it had', async () => {
    configure('test.mem', { seed: { '/kept': 'yes' } });
    // @ts-expect-error not a duration
    expect(() => configure('test.mem', { ttl: 'soon' })).toThrow(/ttl/);
    expect(await get('test.mem', '/kept')).toBe('yes');
    configure('test.mem');
  });

  it('throws UnknownProviderError for a name nobody registered', async () => {
    // @ts-expect-error a name nobody declared
    await expect(get('no.such', '/x')).rejects.toMatchObject({ code: 'UNKNOWN_PROVIDER', message: expect.stringContaining('no.such') });
    // @ts-expect-error a name nobody declared
    expect(() => configure('no.such', {})).toThrow(UnknownProviderError);
  });

  it('rejects bad names and factories with ValidationError', () => {
    expect(() => registerProvider('Bad Name', () => memoryProvider())).toThrow(CofferError);
    expect(() => registerProvider('ok', 'nope' as never)).toThrow(/function/);
    expect(() => createClient({ provider: { name: 'x' } as never })).toThrow(/get or getMany/);
  });
});
