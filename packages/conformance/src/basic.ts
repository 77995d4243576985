import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { GetOptions } from '@coffer/core';
import { expectCode, same } from './assertions.js';
import type { SuiteContext } from './support.js';

/** Reading and decoding, keypaths, not-found, validation before any call, no value in inspect. */
export function basicTests({ options, caps, runner, test }: SuiteContext): void {
  runner.describe(`${options.name} conformance: reading and decoding`, () => {
    test('returns text as the string it is', [[['text'], 'hello world']], async ({ client, name }) => {
      assert.equal(await client.get(name('text')), 'hello world');
    });

    test(
      'parses a JSON object and hands out a frozen value the caller cannot change',
      [[['json'], '{"user":"app","nested":{"port":5432}}']],
      async ({ client, name }) => {
        const value = await client.get<{ user: string; nested: { port: number } }>(name('json'));
        same(value, { user: 'app', nested: { port: 5432 } });
        assert.throws(() => {
          (value as { user: string }).user = 'changed';
        }, TypeError);
        assert.throws(() => {
          (value.nested as { port: number }).port = 1;
        }, TypeError);
        same(await client.get(name('json')), { user: 'app', nested: { port: 5432 } });
      },
    );

    test(
      'keeps JSON-looking scalars as strings under auto, and parses them under json',
      [
        [['n'], '12345'],
        [['t'], 'true'],
        [['z'], 'null'],
      ],
      async ({ client, name }) => {
        assert.equal(await client.get(name('n')), '12345');
        assert.equal(await client.get(name('t')), 'true');
        assert.equal(await client.get(name('z')), 'null');
        assert.equal(await client.get(name('n'), { decode: 'json' }), 12345);
      },
    );

    test(
      'returns a JSON object as stored text under raw, and rejects non-JSON under json',
      [
        [['json'], '{"a":1}'],
        [['text'], 'not json'],
      ],
      async ({ client, name }) => {
        assert.equal(await client.get(name('json'), { decode: 'raw' }), '{"a":1}');
        await expectCode(client.get(name('text'), { decode: 'json' }), 'DECODE_ERROR');
      },
    );

    if (caps.binary) {
      const bytes = new Uint8Array([0, 1, 2, 250, 255, 123]);
      test('returns a binary secret as bytes, never decoded', [[['bin'], bytes]], async ({ client, name }) => {
        const value = await client.get(name('bin'));
        assert.ok(value instanceof Uint8Array);
        same([...value], [...bytes]);
        value[0] = 99;
        same([...((await client.get(name('bin'))) as Uint8Array)], [...bytes]);
      });
    }

    if (caps.stringList) {
      test(
        'returns a list as string[] under auto and as its comma-joined text under raw',
        [[['list'], ['a', 'b', 'c']]],
        async ({ client, name }) => {
          same(await client.get(name('list')), ['a', 'b', 'c']);
          assert.equal(await client.get(name('list'), { decode: 'raw' }), 'a,b,c');
        },
      );
    }
  });

  runner.describe(`${options.name} conformance: keypaths`, () => {
    const tree = '{"db":{"hosts":["h1","h2"],"port":0,"ssl":false,"pw":""}}';
    test('walks object keys and array indexes, falsy values included', [[['kp'], tree]], async ({ client, name }) => {
      assert.equal(await client.get(name('kp'), { keypath: ['db', 'hosts', 1] }), 'h2');
      assert.equal(await client.get(name('kp'), { keypath: ['db', 'port'] }), 0);
      assert.equal(await client.get(name('kp'), { keypath: ['db', 'ssl'] }), false);
      assert.equal(await client.get(name('kp'), { keypath: ['db', 'pw'] }), '');
    });

    test(
      'throws SecretNotFoundError for a missing key, or returns the default',
      [[['kp'], '{"db":{"hosts":["h1"]}}']],
      async ({ client, name }) => {
        await expectCode(client.get(name('kp'), { keypath: ['db', 'nope'] }), 'SECRET_NOT_FOUND');
        await expectCode(client.get(name('kp'), { keypath: ['db', 'hosts', 5] }), 'SECRET_NOT_FOUND');
        assert.equal(await client.get(name('kp'), { keypath: ['db', 'nope'], default: 'fallback' }), 'fallback');
      },
    );

    test(
      'throws DecodeError for a keypath into text, never iterating a string',
      [
        [['plain'], 'secret-text'],
        [['kp'], '{"s":"abc"}'],
      ],
      async ({ client, name }) => {
        await expectCode(client.get(name('plain'), { keypath: ['a'] }), 'DECODE_ERROR');
        await expectCode(client.get(name('plain'), { keypath: [0] }), 'DECODE_ERROR');
        await expectCode(client.get(name('kp'), { keypath: ['s', 0] }), 'DECODE_ERROR');
      },
    );
  });

  runner.describe(`${options.name} conformance: not found and bad input`, () => {
    test('throws SecretNotFoundError naming the path and never caches the miss', [[['other'], 'x']], async ({ client, name }) => {
      const missing = name('missing');
      const error = await expectCode(client.get(missing), 'SECRET_NOT_FOUND');
      assert.ok(error.message.includes(missing), error.message);
      await options.seed([{ name: missing, value: 'now here' }]);
      assert.equal(await client.get(missing), 'now here');
    });

    test('returns the default for a missing secret without caching it', [[['other'], 'x']], async ({ client, name }) => {
      const missing = name('later');
      assert.equal(await client.get(missing, { default: 'd' }), 'd');
      await options.seed([{ name: missing, value: 'real' }]);
      assert.equal(await client.get(missing, { default: 'd' }), 'real');
    });

    test('rejects bad input with ValidationError before any backend call', [], async ({ client, name }) => {
      await expectCode(client.get(''), 'INVALID_INPUT');
      await expectCode(client.get(42 as unknown as string), 'INVALID_INPUT');
      await expectCode(client.get(name('x'), { keypath: 'a' as unknown as string[] }), 'INVALID_INPUT');
      await expectCode(client.get(name('x'), { decode: 'yaml' as 'raw' }), 'INVALID_INPUT');
      await expectCode(client.get(name('x'), { notAnOption: true } as GetOptions), 'INVALID_INPUT');
      await expectCode(client.getByPath(name('x'), { recursive: 'yes' as unknown as boolean }), 'INVALID_INPUT');
      assert.equal(client.stats().apiCalls, 0);
    });

    const secret = `s3cr3t-${randomBytes(6).toString('hex')}`;
    test('never shows a cached value in util.inspect', [[['s'], secret]], async ({ client, name }) => {
      await client.get(name('s'));
      assert.ok(!inspect(client, { depth: 10, showHidden: true }).includes(secret));
    });
  });
}
