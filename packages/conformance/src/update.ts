import assert from 'node:assert/strict';
import { expectCode } from './assertions.js';
import type { SuiteContext } from './support.js';

/** `update`: the next read sees it, objects as JSON, listings dropped, missing and create. */
export function updateTests({ options, caps, runner, test }: SuiteContext): void {
  const canCreate = caps.create ?? caps.update ?? false;
  runner.describe(`${options.name} conformance: update`, () => {
    if (!caps.update) {
      test('refuses update with UnsupportedError', [[['x'], 'old']], async ({ client, name }) => {
        await expectCode(client.update(name('x'), 'new'), 'UNSUPPORTED');
      });
      return;
    }

    test('returns the new value on the next read, without waiting for the ttl', [[['x'], 'old']], async ({ client, name }) => {
      assert.equal(await client.get(name('x')), 'old');
      await client.update(name('x'), 'new');
      assert.equal(await client.get(name('x')), 'new');
    });

    test('writes an object as JSON, readable by keypath', [[['obj'], '{"v":1}']], async ({ client, name }) => {
      await client.update(name('obj'), { v: 2, list: ['a'] });
      assert.equal(await client.get(name('obj'), { keypath: ['v'] }), 2);
    });

    if (caps.list) {
      test(
        'drops every cached listing that covers the updated secret',
        [
          [['app', 'x'], 'old'],
          [['app', 'y'], 'other'],
        ],
        async ({ client, name }) => {
          assert.equal((await client.getByPath(name('app')))[name('app', 'x')], 'old');
          await client.update(name('app', 'x'), 'new');
          assert.equal((await client.getByPath(name('app')))[name('app', 'x')], 'new');
        },
      );
    }

    test('refuses a missing secret without create and changes nothing', [[['x'], 'old']], async ({ client, name }) => {
      await expectCode(client.update(name('nope'), 'v'), 'SECRET_NOT_FOUND');
      assert.equal(await client.pathExists(name('nope')), false);
    });

    if (canCreate) {
      test('creates a missing secret with create: true', [[['x'], 'old']], async ({ client, name }) => {
        assert.equal(await client.get(name('fresh'), { default: null }), null);
        await client.update(name('fresh'), 'made', { create: true });
        assert.equal(await client.get(name('fresh')), 'made');
      });
    }
  });
}
