import { cacheSuite, providerSuite } from '@coffer/conformance';
import { memoryCache, memoryProvider } from '@coffer/core';

describe('memoryProvider', () => {
  const provider = memoryProvider();
  providerSuite({
    name: 'memory',
    make: () => provider,
    seed: async (entries) => {
      for (const { name, value } of entries) provider.set(name, value);
    },
    capabilities: { list: true, update: true, binary: true, stringList: true, batch: true },
  });
});

describe('memoryCache', () => {
  cacheSuite({ name: 'memory', make: () => memoryCache() });
});
