import { basicTests } from './basic.js';
import { batchTests } from './batch.js';
import { concurrencyTests } from './concurrency.js';
import { existsTests } from './exists.js';
import { listTests } from './list.js';
import type { ProviderSuiteOptions } from './options.js';
import { suiteContext } from './support.js';
import { updateTests } from './update.js';

/**
 * The provider conformance suite: every provider runs it, through a caching client, so that the
 * behaviour the contract promises (decoding, keypaths, not-found, listing, existence, update,
 * single flight, batching, validation) holds for all of them. It declares its tests with the
 * runner's `describe` and `it` (the globals of jest, vitest or mocha, or `runner`) and asserts
 * with `node:assert`, so it runs under any of them.
 *
 * @example
 * ```ts
 * describe('memory', () => {
 *   const provider = memoryProvider();
 *   providerSuite({
 *     name: 'memory',
 *     make: () => provider,
 *     seed: async (entries) => entries.forEach(({ name, value }) => provider.set(name, value)),
 *     capabilities: { list: true, update: true, binary: true, stringList: true, batch: true },
 *   });
 * });
 * ```
 */
export function providerSuite(options: ProviderSuiteOptions): void {
  const context = suiteContext(options);
  basicTests(context);
  batchTests(context);
  if (context.caps.list) listTests(context);
  existsTests(context);
  updateTests(context);
  concurrencyTests(context);
}
