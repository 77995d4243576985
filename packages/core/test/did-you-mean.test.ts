import { closestName, configure, createClient, get, memoryProvider, registerProvider } from '@coffer/core';

describe('did you mean', () => {
  it('finds the name meant despite case, a typo or a swap, and nothing for a stranger', () => {
    expect(closestName('keyPath', ['keypath', 'decode', 'default'])).toBe('keypath');
    expect(closestName('forcefetch', ['forceFetch', 'maxAge'])).toBe('forceFetch');
    expect(closestName('regoin', ['region', 'endpoint'])).toBe('region');
    expect(closestName('verison', ['version', 'label', 'decrypt'])).toBe('version');
    expect(closestName('password', ['region', 'endpoint'])).toBeUndefined();
  });

  it('suggests the option meant in the ValidationError of a read', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
    await expect(client.get('/a', { keyPath: ['k'] } as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: "unknown option 'keyPath' for get (did you mean 'keypath'?) (memory /a)",
    });
    expect(client.stats().apiCalls).toBe(0);
  });

  it('suggests the provider meant', async () => {
    registerProvider('hint.mem', () => memoryProvider());
    await expect(get('hint.mme' as never, '/a')).rejects.toMatchObject({
      code: 'UNKNOWN_PROVIDER',
      message: expect.stringContaining("unknown provider 'hint.mme' (did you mean 'hint.mem'?)"),
    });
    expect(() => configure('hint.mme' as never)).toThrow(/did you mean 'hint.mem'/);
  });
});
