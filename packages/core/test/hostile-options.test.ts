import { configure, createClient, memoryCache, memoryProvider, registerProvider, splitClientOptions, ValidationError } from '@coffer/core';
import { throwingProxy } from '../../../scripts/test-support/fuzz/hostile';

// Options objects that fight back: a getter that throws, a proxy whose every trap throws. Found
// by the fuzz suite: they escaped as the getter's own Error (sometimes synchronously from get).
const throwingGetter = () =>
  Object.defineProperty({}, 'keypath', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });

describe('options that throw when read', () => {
  it.each([
    ['a throwing getter', throwingGetter],
    ['a throwing proxy', throwingProxy],
  ])('are a ValidationError from every client method, cold or cached (%s)', async (_name, hostile) => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }), cache: memoryCache() });
    await client.get('/a');
    const calls = [
      () => client.get('/a', hostile()),
      () => client.get('/b', hostile()),
      () => client.getByPath('/a', hostile()),
      () => client.pathExists('/a', hostile()),
      () => client.update('/a', 'y', hostile()),
    ];
    for (const call of calls) {
      let pending: Promise<unknown> | undefined;
      expect(() => {
        pending = call();
      }).not.toThrow();
      await expect(pending).rejects.toThrow(ValidationError);
    }
  });

  it('are a ValidationError from configure and from the constructors that split options', () => {
    registerProvider('hostileopts', () => memoryProvider());
    // Called untyped: 'hostileopts' is registered at run time, not declared.
    const configureAny = configure as (name: string, options: unknown) => void;
    expect(() => configureAny('hostileopts', throwingGetter())).toThrow(ValidationError);
    expect(() => configureAny('hostileopts', throwingProxy())).toThrow(ValidationError);
    expect(() => splitClientOptions(throwingProxy() as never)).toThrow(ValidationError);
    expect(() => splitClientOptions(42 as never)).toThrow(ValidationError);
  });
});

describe('values and factory options the fuzz suite found escaping as foreign errors or changed on the way', () => {
  it('refuses a value that is a throwing proxy, and text with a lone surrogate anywhere, before the provider', async () => {
    const client = createClient({ provider: memoryProvider(), cache: false });
    const values = [
      throwingProxy(),
      '\uD800',
      'a\uDC00b',
      ['ok', '\uDBFF'],
      { k: '\uD800' },
      { '\uDC00': 'v' },
      { deep: [{ x: 'x\uD800' }] },
    ];
    for (const value of values) await expect(client.update('/a', value as never, { create: true })).rejects.toThrow(ValidationError);
    expect(client.stats().apiCalls).toBe(0);
    await expect(client.update('/a', 'pair \uD83D\uDE00 is fine', { create: true })).resolves.toBeUndefined();
  });

  it.each([
    ['secure that is not a list', { secure: {} }],
    ['a seed that is not an object', { seed: 5 }],
    ['a seed value no update would take', { seed: { '/a': Symbol('s') } }],
    ['a maxBatchSize of 0', { maxBatchSize: 0 }],
    ['a scope that is not text', { scope: 1 }],
    ['options that throw when read', throwingProxy()],
  ])('memoryProvider refuses %s', (_name, options) => {
    expect(() => memoryProvider(options as never)).toThrow(ValidationError);
  });

  it('memoryCache and the cache option refuse a throwing proxy', () => {
    expect(() => memoryCache(throwingProxy() as never)).toThrow(ValidationError);
    expect(() => createClient({ provider: memoryProvider(), cache: throwingProxy() as never })).toThrow(ValidationError);
  });
});
