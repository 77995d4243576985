import { providerSuite } from '@coffer/conformance';
import { memoryProvider, type Provider } from '@coffer/core';

// Issue 17, defect 6: a valid provider with nothing but `get` failed the published suite, since
// the client threw UNSUPPORTED for `getByPath(name, { recursive: 'yes' })` before it checked the
// options. Bad input is INVALID_INPUT first, whatever the provider can do.
describe('a provider with only get', () => {
  const inner = memoryProvider();
  const getOnly: Provider = { name: 'get-only', get: (request, context) => inner.get!(request, context) };
  providerSuite({
    name: 'get-only',
    make: () => getOnly,
    seed: async (entries) => {
      for (const { name, value } of entries) inner.set(name, value);
    },
    capabilities: { list: false, update: false, binary: true, stringList: true, batch: false },
  });
});
