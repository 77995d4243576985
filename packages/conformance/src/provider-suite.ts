import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { type CofferClient, createClient, memoryCache, type Provider } from '@coffer/core';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ProviderSuiteOptions, SeedEntry } from './options.js';
import { defaultNameOf, expectCode } from './support.js';

/**
 * The provider conformance suite: every provider runs it, through a caching client, so that the
 * behaviour the contract promises (decoding, keypaths, not-found, listing, existence, update,
 * single flight, batching, validation) holds for all of them.
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
  const caps = { hierarchical: true, ...options.capabilities };
  const canCreate = caps.create ?? caps.update ?? false;
  const nameOf = options.nameOf ?? defaultNameOf;
  const timeout = options.timeoutMs ?? 20_000;
  const open: Array<CofferClient> = [];

  async function setup(entries: Array<[string[], SeedEntry['value']]> = []) {
    const prefix = `cf${randomBytes(5).toString('hex')}`;
    const name = (...segments: string[]) => nameOf(prefix, ...segments);
    if (entries.length > 0) await options.seed(entries.map(([segments, value]) => ({ name: name(...segments), value })));
    const provider: Provider = await options.make();
    const client = createClient({ provider, cache: memoryCache() });
    open.push(client);
    return { client, name, prefix };
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close().catch(() => undefined)));
  });

  describe(`${options.name} conformance: reading and decoding`, () => {
    it(
      'returns text as the string it is',
      async () => {
        const { client, name } = await setup([[['text'], 'hello world']]);
        expect(await client.get(name('text'))).toBe('hello world');
      },
      timeout,
    );

    it(
      'parses a JSON object and hands out a frozen value the caller cannot change',
      async () => {
        const { client, name } = await setup([[['json'], '{"user":"app","nested":{"port":5432}}']]);
        const value = await client.get<{ user: string; nested: { port: number } }>(name('json'));
        expect(value).toEqual({ user: 'app', nested: { port: 5432 } });
        expect(() => {
          (value as { user: string }).user = 'changed';
        }).toThrow(TypeError);
        expect(() => {
          (value.nested as { port: number }).port = 1;
        }).toThrow(TypeError);
        expect(await client.get(name('json'))).toEqual({ user: 'app', nested: { port: 5432 } });
      },
      timeout,
    );

    it(
      'keeps JSON-looking scalars as strings under auto, and parses them under json',
      async () => {
        const { client, name } = await setup([
          [['n'], '12345'],
          [['t'], 'true'],
          [['z'], 'null'],
        ]);
        expect(await client.get(name('n'))).toBe('12345');
        expect(await client.get(name('t'))).toBe('true');
        expect(await client.get(name('z'))).toBe('null');
        expect(await client.get(name('n'), { decode: 'json' })).toBe(12345);
      },
      timeout,
    );

    it(
      'returns a JSON object as stored text under raw, and rejects non-JSON under json',
      async () => {
        const { client, name } = await setup([
          [['json'], '{"a":1}'],
          [['text'], 'not json'],
        ]);
        expect(await client.get(name('json'), { decode: 'raw' })).toBe('{"a":1}');
        await expectCode(client.get(name('text'), { decode: 'json' }), 'DECODE_ERROR');
      },
      timeout,
    );

    if (caps.binary) {
      it(
        'returns a binary secret as bytes, never decoded',
        async () => {
          const bytes = new Uint8Array([0, 1, 2, 250, 255, 123]);
          const { client, name } = await setup([[['bin'], bytes]]);
          const value = await client.get(name('bin'));
          expect(value).toBeInstanceOf(Uint8Array);
          expect([...(value as Uint8Array)]).toEqual([...bytes]);
          (value as Uint8Array)[0] = 99;
          expect([...((await client.get(name('bin'))) as Uint8Array)]).toEqual([...bytes]);
        },
        timeout,
      );
    }

    if (caps.stringList) {
      it(
        'returns a list as string[] under auto and as its comma-joined text under raw',
        async () => {
          const { client, name } = await setup([[['list'], ['a', 'b', 'c']]]);
          expect(await client.get(name('list'))).toEqual(['a', 'b', 'c']);
          expect(await client.get(name('list'), { decode: 'raw' })).toBe('a,b,c');
        },
        timeout,
      );
    }
  });

  describe(`${options.name} conformance: keypaths`, () => {
    it(
      'walks object keys and array indexes, falsy values included',
      async () => {
        const { client, name } = await setup([[['kp'], '{"db":{"hosts":["h1","h2"],"port":0,"ssl":false,"pw":""}}']]);
        expect(await client.get(name('kp'), { keypath: ['db', 'hosts', 1] })).toBe('h2');
        expect(await client.get(name('kp'), { keypath: ['db', 'port'] })).toBe(0);
        expect(await client.get(name('kp'), { keypath: ['db', 'ssl'] })).toBe(false);
        expect(await client.get(name('kp'), { keypath: ['db', 'pw'] })).toBe('');
      },
      timeout,
    );

    it(
      'throws SecretNotFoundError for a missing key, or returns the default',
      async () => {
        const { client, name } = await setup([[['kp'], '{"db":{"hosts":["h1"]}}']]);
        await expectCode(client.get(name('kp'), { keypath: ['db', 'nope'] }), 'SECRET_NOT_FOUND');
        await expectCode(client.get(name('kp'), { keypath: ['db', 'hosts', 5] }), 'SECRET_NOT_FOUND');
        expect(await client.get(name('kp'), { keypath: ['db', 'nope'], default: 'fallback' })).toBe('fallback');
      },
      timeout,
    );

    it(
      'throws DecodeError for a keypath into text, never iterating a string',
      async () => {
        const { client, name } = await setup([
          [['plain'], 'secret-text'],
          [['kp'], '{"s":"abc"}'],
        ]);
        await expectCode(client.get(name('plain'), { keypath: ['a'] }), 'DECODE_ERROR');
        await expectCode(client.get(name('plain'), { keypath: [0] }), 'DECODE_ERROR');
        await expectCode(client.get(name('kp'), { keypath: ['s', 0] }), 'DECODE_ERROR');
      },
      timeout,
    );
  });

  describe(`${options.name} conformance: not found`, () => {
    it(
      'throws SecretNotFoundError naming the path and never caches the miss',
      async () => {
        const { client, name } = await setup([[['other'], 'x']]);
        const missing = name('missing');
        const error = await expectCode(client.get(missing), 'SECRET_NOT_FOUND');
        expect(error.message).toContain(missing);
        await options.seed([{ name: missing, value: 'now here' }]);
        expect(await client.get(missing)).toBe('now here');
      },
      timeout,
    );

    it(
      'returns the default for a missing secret without caching it',
      async () => {
        const { client, name } = await setup([[['other'], 'x']]);
        const missing = name('later');
        expect(await client.get(missing, { default: 'd' })).toBe('d');
        await options.seed([{ name: missing, value: 'real' }]);
        expect(await client.get(missing, { default: 'd' })).toBe('real');
      },
      timeout,
    );
  });

  if (caps.list) listingTests();
  existenceTests();
  updateTests();
  sharingTests();

  function listingTests(): void {
    describe(`${options.name} conformance: listing`, () => {
      it(
        'lists nested secrets keyed by full name, decoded',
        async () => {
          const { client, name } = await setup([
            [['app', 'x'], 'one'],
            [['app', 'sub', 'y'], '{"k":2}'],
            [['app', 'sub', 'deep', 'z'], 'three'],
            // A prefix-matching provider (Secrets Manager) would list a sibling like this one.
            ...(caps.hierarchical ? [[['apple'], 'not under app'] as [string[], string]] : []),
          ]);
          expect(await client.getByPath(name('app'))).toEqual({
            [name('app', 'x')]: 'one',
            [name('app', 'sub', 'y')]: { k: 2 },
            [name('app', 'sub', 'deep', 'z')]: 'three',
          });
        },
        timeout,
      );

      if (caps.hierarchical) {
        it(
          'lists one level only when not recursive, and treats a trailing slash the same',
          async () => {
            const { client, name } = await setup([
              [['app', 'x'], 'one'],
              [['app', 'sub', 'y'], 'two'],
            ]);
            expect(await client.getByPath(name('app'), { recursive: false })).toEqual({ [name('app', 'x')]: 'one' });
            expect(Object.keys(await client.getByPath(`${name('app')}/`)).sort()).toEqual(
              [name('app', 'sub', 'y'), name('app', 'x')].sort(),
            );
          },
          timeout,
        );
      }

      it(
        'returns {} for a path with nothing under it',
        async () => {
          const { client, name } = await setup([[['x'], '1']]);
          expect(await client.getByPath(name('empty'))).toEqual({});
        },
        timeout,
      );
    });
  }

  function existenceTests(): void {
    describe(`${options.name} conformance: existence`, () => {
      it(
        'finds an exact name and answers false for a missing one',
        async () => {
          const { client, name } = await setup([[['here'], 'x']]);
          expect(await client.pathExists(name('here'))).toBe(true);
          expect(await client.pathExists(name('absent'))).toBe(false);
        },
        timeout,
      );

      it(
        'never matches a sibling that only shares a prefix of the name',
        async () => {
          const { client, name } = await setup([
            [['one', 'bc'], 'x'],
            [['two', 'b'], 'y'],
          ]);
          expect(await client.pathExists(name('one', 'b'))).toBe(false);
          expect(await client.pathExists(name('two', 'bc'))).toBe(false);
        },
        timeout,
      );

      if (caps.hierarchical && caps.list) {
        it(
          'finds a path that has secrets under it',
          async () => {
            const { client, name } = await setup([[['dir', 'leaf'], 'x']]);
            expect(await client.pathExists(name('dir'))).toBe(true);
          },
          timeout,
        );
      }

      it(
        'with a keypath, answers whether the key exists in the value',
        async () => {
          const { client, name } = await setup([
            [['kp'], '{"a":{"b":0}}'],
            [['text'], 'plain'],
          ]);
          expect(await client.pathExists(name('kp'), { keypath: ['a', 'b'] })).toBe(true);
          expect(await client.pathExists(name('kp'), { keypath: ['a', 'c'] })).toBe(false);
          expect(await client.pathExists(name('text'), { keypath: ['a'] })).toBe(false);
          expect(await client.pathExists(name('absent'), { keypath: ['a'] })).toBe(false);
        },
        timeout,
      );
    });
  }

  function updateTests(): void {
    describe(`${options.name} conformance: update`, () => {
      if (!caps.update) {
        it(
          'refuses update with UnsupportedError',
          async () => {
            const { client, name } = await setup([[['x'], 'old']]);
            await expectCode(client.update(name('x'), 'new'), 'UNSUPPORTED');
          },
          timeout,
        );
        return;
      }

      it(
        'returns the new value on the next read, without waiting for the ttl',
        async () => {
          const { client, name } = await setup([[['x'], 'old']]);
          expect(await client.get(name('x'))).toBe('old');
          await client.update(name('x'), 'new');
          expect(await client.get(name('x'))).toBe('new');
        },
        timeout,
      );

      it(
        'writes an object as JSON, readable by keypath',
        async () => {
          const { client, name } = await setup([[['obj'], '{"v":1}']]);
          await client.update(name('obj'), { v: 2, list: ['a'] });
          expect(await client.get(name('obj'), { keypath: ['v'] })).toBe(2);
        },
        timeout,
      );

      if (caps.list) {
        it(
          'drops every cached listing that covers the updated secret',
          async () => {
            const { client, name } = await setup([
              [['app', 'x'], 'old'],
              [['app', 'y'], 'other'],
            ]);
            expect((await client.getByPath(name('app')))[name('app', 'x')]).toBe('old');
            await client.update(name('app', 'x'), 'new');
            expect((await client.getByPath(name('app')))[name('app', 'x')]).toBe('new');
          },
          timeout,
        );
      }

      it(
        'refuses a missing secret without create and changes nothing',
        async () => {
          const { client, name } = await setup([[['x'], 'old']]);
          await expectCode(client.update(name('nope'), 'v'), 'SECRET_NOT_FOUND');
          expect(await client.pathExists(name('nope'))).toBe(false);
        },
        timeout,
      );

      if (canCreate) {
        it(
          'creates a missing secret with create: true',
          async () => {
            const { client, name } = await setup([[['x'], 'old']]);
            expect(await client.get(name('fresh'), { default: null })).toBeNull();
            await client.update(name('fresh'), 'made', { create: true });
            expect(await client.get(name('fresh'))).toBe('made');
          },
          timeout,
        );
      }
    });
  }

  function sharingTests(): void {
    describe(`${options.name} conformance: calls and input`, () => {
      it(
        'shares one backend call among concurrent reads of one key',
        async () => {
          const { client, name } = await setup([[['hot'], 'v']]);
          const values = await Promise.all(Array.from({ length: 50 }, () => client.get(name('hot'))));
          expect(new Set(values)).toEqual(new Set(['v']));
          expect(client.stats().apiCalls).toBe(1);
        },
        timeout,
      );

      it(
        'answers each of several concurrent reads with its own value or its own error',
        async () => {
          const { client, name } = await setup([
            [['a'], 'va'],
            [['b'], 'vb'],
          ]);
          const results = await Promise.allSettled([client.get(name('a')), client.get(name('missing')), client.get(name('b'))]);
          expect(results[0]).toEqual({ status: 'fulfilled', value: 'va' });
          expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'SECRET_NOT_FOUND' } });
          expect(results[2]).toEqual({ status: 'fulfilled', value: 'vb' });
          if (caps.batch) expect(client.stats().apiCalls).toBe(1);
        },
        timeout,
      );

      it(
        'rejects bad input with ValidationError before any backend call',
        async () => {
          const { client, name } = await setup();
          await expectCode(client.get(''), 'INVALID_INPUT');
          await expectCode(client.get(42 as unknown as string), 'INVALID_INPUT');
          await expectCode(client.get(name('x'), { keypath: 'a' as unknown as string[] }), 'INVALID_INPUT');
          await expectCode(client.get(name('x'), { decode: 'yaml' as 'raw' }), 'INVALID_INPUT');
          await expectCode(client.get(name('x'), { notAnOption: true }), 'INVALID_INPUT');
          await expectCode(client.getByPath(name('x'), { recursive: 'yes' as unknown as boolean }), 'INVALID_INPUT');
          expect(client.stats().apiCalls).toBe(0);
        },
        timeout,
      );

      it(
        'never shows a cached value in util.inspect',
        async () => {
          const secret = `s3cr3t-${randomBytes(6).toString('hex')}`;
          const { client, name } = await setup([[['s'], secret]]);
          await client.get(name('s'));
          expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(secret);
        },
        timeout,
      );
    });
  }
}
