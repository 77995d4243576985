import { get, instance, memoryProvider, type Provider, registerProvider } from '@coffer/core';

declare module '@coffer/core' {
  interface CofferProviders {
    'reg.kept': {};
    'reg.other': {};
    'reg.replaced': {};
  }
}

/** A memory provider factory that records how often its instances were closed. */
function closingFactory(seed: Record<string, string>) {
  const closed: string[] = [];
  let made = 0;
  const factory = (): Provider => {
    const id = `instance ${++made}`;
    return { ...memoryProvider({ seed }), close: async () => void closed.push(id) };
  };
  return { factory, closed };
}

describe('registering a provider', () => {
  it('keeps the shared instances of other names, and their caches', async () => {
    registerProvider('reg.kept', () => memoryProvider({ seed: { '/a': 'one' } }));
    expect(await get('reg.kept', '/a')).toBe('one');
    const before = instance('reg.kept');

    registerProvider('reg.other', () => memoryProvider());

    expect(instance('reg.kept')).toBe(before);
    expect(await get('reg.kept', '/a')).toBe('one');
    expect(instance('reg.kept').stats()).toMatchObject({ apiCalls: 1, hits: 1 });
  });

  it('replaces the instance of the name registered again, and closes the one it replaces', async () => {
    const first = closingFactory({ '/a': 'first' });
    registerProvider('reg.replaced', first.factory);
    expect(await get('reg.replaced', '/a')).toBe('first');
    const before = instance('reg.replaced');

    registerProvider('reg.replaced', () => memoryProvider({ seed: { '/a': 'second' } }));
    await new Promise((resolve) => setImmediate(resolve));

    expect(first.closed).toEqual(['instance 1']);
    expect(instance('reg.replaced')).not.toBe(before);
    expect(await get('reg.replaced', '/a')).toBe('second');
  });
});
