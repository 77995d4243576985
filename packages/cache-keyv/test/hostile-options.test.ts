import { memoryCache, ValidationError } from '@coffer/core';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';

// Found by the fuzz suite: wrong option types reached crypto (a TypeError) and a proxy tier threw
// its own error; each is a ValidationError at the call now.
describe('cache-keyv factories refuse hostile options', () => {
  it.each([
    ['a namespace that is not a string', { namespace: true }],
    ['a name that is not a string', { name: 42 }],
    ['a path that is not a string', { path: ['a'] }],
    ['a store that is neither a store nor a function', { store: 'redis://x' }],
    ['options that are not an object', 42],
    [
      'options whose reading throws',
      new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('trap');
          },
        },
      ),
    ],
  ])('keyvCache: %s', (_name, options) => {
    expect(() => keyvCache(options as never)).toThrow(ValidationError);
  });

  it.each([
    ['null', null],
    ['an object without the cache methods', { name: 'x', get: () => undefined }],
    [
      'a proxy that throws',
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('trap');
          },
        },
      ),
    ],
  ])('tieredCache: a tier that is %s', (_name, tier) => {
    expect(() => tieredCache(memoryCache(), tier as never)).toThrow(ValidationError);
    expect(() => tieredCache(tier as never, memoryCache())).toThrow(ValidationError);
  });

  it('tieredCache takes adapters whose methods live on a class', async () => {
    class MapCache {
      readonly name = 'map';
      readonly #map = new Map<string, unknown>();
      get(key: string) {
        return this.#map.get(key) as never;
      }
      set(key: string, entry: unknown) {
        this.#map.set(key, entry);
      }
      delete(key: string) {
        this.#map.delete(key);
      }
      clear() {
        this.#map.clear();
      }
    }
    expect(() => tieredCache(memoryCache(), new MapCache())).not.toThrow();
  });
});
