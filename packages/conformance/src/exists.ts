import assert from 'node:assert/strict';
import type { SuiteContext } from './support.js';

/** `pathExists`: exact names, never a sibling sharing a prefix, folders, keys in a value. */
export function existsTests({ options, caps, runner, test }: SuiteContext): void {
  runner.describe(`${options.name} conformance: existence`, () => {
    test('finds an exact name and answers false for a missing one', [[['here'], 'x']], async ({ client, name }) => {
      assert.equal(await client.pathExists(name('here')), true);
      assert.equal(await client.pathExists(name('absent')), false);
    });

    test(
      'never matches a sibling that only shares a prefix of the name',
      [
        [['one', 'bc'], 'x'],
        [['two', 'b'], 'y'],
      ],
      async ({ client, name }) => {
        assert.equal(await client.pathExists(name('one', 'b')), false);
        assert.equal(await client.pathExists(name('two', 'bc')), false);
      },
    );

    if (caps.hierarchical && caps.list) {
      test('finds a path that has secrets under it', [[['dir', 'leaf'], 'x']], async ({ client, name }) => {
        assert.equal(await client.pathExists(name('dir')), true);
      });
    }

    test(
      'with a keypath, answers whether the key exists in the value',
      [
        [['kp'], '{"a":{"b":0}}'],
        [['text'], 'plain'],
      ],
      async ({ client, name }) => {
        assert.equal(await client.pathExists(name('kp'), { keypath: ['a', 'b'] }), true);
        assert.equal(await client.pathExists(name('kp'), { keypath: ['a', 'c'] }), false);
        assert.equal(await client.pathExists(name('text'), { keypath: ['a'] }), false);
        assert.equal(await client.pathExists(name('absent'), { keypath: ['a'] }), false);
      },
    );
  });
}
