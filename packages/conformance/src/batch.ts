import assert from 'node:assert/strict';
import type { SuiteContext } from './support.js';

/** Reads issued together: each caller gets its own value or error; one call when batch-capable. */
export function batchTests({ options, caps, runner, test }: SuiteContext): void {
  runner.describe(`${options.name} conformance: batched reads`, () => {
    test(
      'answers each of several concurrent reads with its own value or its own error',
      [
        [['a'], 'va'],
        [['b'], 'vb'],
      ],
      async ({ client, name }) => {
        const results = await Promise.allSettled([client.get(name('a')), client.get(name('missing')), client.get(name('b'))]);
        assert.deepEqual(results[0], { status: 'fulfilled', value: 'va' });
        assert.equal(results[1]?.status, 'rejected');
        assert.equal((results[1] as PromiseRejectedResult).reason?.code, 'SECRET_NOT_FOUND');
        assert.deepEqual(results[2], { status: 'fulfilled', value: 'vb' });
        if (caps.batch) assert.equal(client.stats().apiCalls, 1, 'a batch-capable provider reads them in one call');
      },
    );
  });
}
