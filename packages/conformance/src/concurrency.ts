import assert from 'node:assert/strict';
import type { SuiteContext } from './support.js';

/** Single flight: concurrent reads of one key share one backend call. */
export function concurrencyTests({ options, runner, test }: SuiteContext): void {
  runner.describe(`${options.name} conformance: concurrency`, () => {
    test('shares one backend call among concurrent reads of one key', [[['hot'], 'v']], async ({ client, name }) => {
      const values = await Promise.all(Array.from({ length: 50 }, () => client.get(name('hot'))));
      assert.deepEqual([...new Set(values)], ['v']);
      assert.equal(client.stats().apiCalls, 1);
    });

    test('serves the second of two sequential reads from the cache', [[['warm'], 'v']], async ({ client, name }) => {
      await client.get(name('warm'));
      assert.equal(await client.get(name('warm')), 'v');
      assert.equal(client.stats().apiCalls, 1);
    });
  });
}
