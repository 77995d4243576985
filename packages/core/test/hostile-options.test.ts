import { configure, createClient, memoryCache, memoryProvider, registerProvider, splitClientOptions, ValidationError } from '@coffer/core';

// Options objects that fight back: a getter that throws, a proxy whose every trap throws. Found
// by the fuzz suite: they escaped as the getter's own Error (sometimes synchronously from get).
const throwingGetter = () =>
  Object.defineProperty({}, 'keypath', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
const throwingProxy = () =>
  new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('trap');
      },
      get() {
        throw new Error('trap');
      },
    },
  );

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
    expect(() => configure('hostileopts', throwingGetter())).toThrow(ValidationError);
    expect(() => configure('hostileopts', throwingProxy())).toThrow(ValidationError);
    expect(() => splitClientOptions(throwingProxy() as never)).toThrow(ValidationError);
    expect(() => splitClientOptions(42 as never)).toThrow(ValidationError);
  });
});
