import * as coffer from 'coffer';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configure,
  createClient,
  envProvider,
  fileProvider,
  get,
  keyvCache,
  memoryCache,
  memoryProvider,
  refreshOnError,
  registerProvider,
  tieredCache,
} from 'coffer';
import { driveClient, type FuzzedClient } from '../../../../scripts/test-support/fuzz/drive-client';
import { hostileOptions, hostileString, hostileValue } from '../../../../scripts/test-support/fuzz/hostile';
import { fingerprintPrototypes, prototypeChanges } from '../../../../scripts/test-support/fuzz/prototypes';
import { fuzzSeed, random } from '../../../../scripts/test-support/fuzz/random';
import { Tally } from '../../../../scripts/test-support/fuzz/tally';

// The library's public surface on the in-memory provider: every client method on a warm cache and
// a cold one, and the top-level functions over providers registered by the fuzz itself.
const seed = fuzzSeed();
const baseline = fingerprintPrototypes();
const SEED = { '/s/text': 'plain', '/s/json': { k: 'v', arr: [1, 2] }, '/s/list': ['x', 'y'], '/s/deep/a': '1', '/s/deep/b/c': '2' };
const memoryOptions = { get: { decrypt: () => true }, list: { decrypt: () => false } };
const writable = (i: number) => `/w/p${i}`;
/** A function called as the fuzz calls it: with anything, whatever its types say. */
const untyped = (fn: unknown) => fn as (...args: unknown[]) => unknown;

jest.setTimeout(60_000);
afterAll(() => untyped(configure)('fuzzmem'));

it('every client method refuses hostile input with a CofferError and reads back what it accepts', async () => {
  const r = random(seed, 1);
  const tally = new Tally();
  const provider = memoryProvider({ seed: SEED });
  for (const [label, cache] of [
    ['memory client (warm cache)', memoryCache()],
    ['memory client (no cache)', false],
  ] as const) {
    const client = createClient({ provider, cache }) as unknown as FuzzedClient;
    await driveClient(
      r,
      tally,
      {
        entry: label,
        client,
        existing: Object.keys(SEED),
        writablePath: writable,
        providerOptions: memoryOptions,
        reader: () => createClient({ provider, cache: false }) as unknown as FuzzedClient,
        count: 2500,
      },
      baseline,
    );
  }
  console.log(tally.report('fuzz: memory client', seed));
  expect(tally.findings).toEqual([]);
  expect(tally.counts.inputs).toBeGreaterThanOrEqual(5000);
});

it('the top-level functions refuse hostile provider names, paths and options with a CofferError', async () => {
  const r = random(seed, 2);
  const tally = new Tally();
  const provider = memoryProvider({ seed: SEED });
  registerProvider('fuzzmem', () => provider);
  // Called untyped: the fuzz passes what the types forbid, on purpose.
  const api = coffer as unknown as Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>;
  const names = () =>
    r.chance(0.6)
      ? 'fuzzmem'
      : r.chance(0.3)
        ? r.pick(['aws', 'memory', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])
        : hostileValue(r).value;
  const client = {
    get: (path: string, options?: object) => api.get!(names(), path, options),
    getByPath: (path: string, options?: object) => api.getByPath!(names(), path, options),
    pathExists: (path: string, options?: object) => api.pathExists!(names(), path, options) as Promise<boolean>,
    update: (path: string, value: never, options?: object) => api.update!(names(), path, value, options) as Promise<void>,
    refresh: () => Promise.reject(new Error('the top level has no refresh')),
    clear: () => Promise.reject(new Error('the top level has no clear')),
    ...(typeof api.getMany === 'function'
      ? { getMany: (paths: readonly string[], options?: object) => api.getMany!(names(), paths, options) as Promise<unknown> }
      : {}),
  };
  // The provider name is drawn per call: a bad one must be a CofferError too (read-back goes to the memory client).
  await driveClient(
    r,
    tally,
    {
      entry: 'top-level',
      client,
      existing: Object.keys(SEED),
      writablePath: (i) => `/top/p${i}`,
      providerOptions: memoryOptions,
      reader: () => createClient({ provider, cache: false }) as unknown as FuzzedClient,
      count: 1500,
      methods: ['get', 'get', 'get', 'getByPath', 'pathExists', 'update', 'update', 'getMany'],
    },
    baseline,
  );
  for (let i = 0; i < 400; i++) {
    const name = r.chance(0.5) ? 'fuzzmem' : hostileString(r).value;
    const options = hostileOptions(r, {
      ttl: () => '1m',
      staleIfError: () => false,
      refreshAhead: () => 0.5,
      cache: () => memoryCache(),
      seed: () => ({ '/a': 'b' }),
    });
    await tally.call(
      'configure',
      `configure(${JSON.stringify(name.slice(0, 40))}, ${options.label})`,
      () => untyped(configure)(name, options.value),
      true,
    );
  }
  for (let i = 0; i < 400; i++) {
    const name = r.chance(0.3) ? `fuzz${i}` : hostileValue(r);
    const factory = r.pick([() => provider, () => 'not a provider', () => undefined, 42, null, () => ({ name: 'x' })]);
    const label = `registerProvider(${typeof name === 'string' ? name : name.label}, ${typeof factory})`;
    const outcome = await tally.call(
      'registerProvider',
      label,
      () => untyped(registerProvider)(typeof name === 'string' ? name : name.value, factory),
      true,
    );
    if (outcome.ending === 'resolved' && typeof name === 'string') {
      await tally.call('get (registered)', label, () => untyped(get)(name, '/s/text'));
    }
  }
  console.log(tally.report('fuzz: top-level functions', seed));
  expect(tally.findings).toEqual([]);
  expect(prototypeChanges(baseline, fingerprintPrototypes())).toEqual([]);
});

it('every constructor and factory refuses hostile options with a CofferError', async () => {
  const r = random(seed, 6);
  const tally = new Tally();
  const cacheFolder = mkdtempSync(join(tmpdir(), 'coffer-fuzz-factories-'));
  const provider = memoryProvider({ seed: SEED });
  const client = createClient({ provider, cache: false });
  // Right values for each factory's options; file paths stay inside the test's folder.
  const factories: Array<[string, (options: unknown) => unknown, Record<string, () => unknown>]> = [
    [
      'createClient',
      (o) => createClient(o as never),
      {
        provider: () => provider,
        cache: () => r.pick([false, memoryCache()]),
        ttl: () => '1m',
        staleIfError: () => false,
        refreshAhead: () => 0.5,
      },
    ],
    ['memoryCache', (o) => memoryCache(o as never), { max: () => r.int(1, 100), ttl: () => '1m' }],
    [
      'memoryProvider',
      (o) => memoryProvider(o as never),
      { seed: () => ({ '/a': 'b' }), secure: () => ['/a'], maxBatchSize: () => 5, scope: () => 's' },
    ],
    [
      'fileProvider',
      (o) => fileProvider(o as never),
      { file: () => join(cacheFolder, r.pick(['s.json', 's.yml', '.env'])), format: () => r.pick(['json', 'yaml', 'dotenv']) },
    ],
    ['envProvider', (o) => envProvider(o as never), { prefix: () => r.pick(['APP_', '']) }],
    [
      'keyvCache',
      (o) => keyvCache(o as never),
      {
        path: () => join(cacheFolder, 'c.sqlite'),
        namespace: () => 'n',
        ttl: () => '1m',
        encryptionKey: () => Buffer.alloc(32, 1).toString('base64'),
        name: () => 'k',
      },
    ],
    ['tieredCache', (o) => tieredCache(memoryCache(), o as never), {}],
    ['tieredCache (l1)', (o) => tieredCache(o as never, memoryCache()), {}],
    [
      'refreshOnError',
      (o) => refreshOnError(async () => 1, o as never),
      { client: () => client, paths: () => ['/s/text'], when: () => Error, onRefresh: () => () => undefined },
    ],
    ['refreshOnError (fn)', (o) => refreshOnError(o as never, { client, paths: ['/s/text'] }), {}],
  ];
  const opened: Array<{ close?: () => unknown }> = [];
  for (let i = 0; i < 1500; i++) {
    const [name, make, makers] = r.pick(factories);
    const options = hostileOptions(r, makers);
    const outcome = await tally.call(name, options.label, () => make(options.value), true);
    if (outcome.ending === 'resolved' && typeof (outcome.value as { close?: unknown })?.close === 'function')
      opened.push(outcome.value as { close: () => unknown });
  }
  for (const made of opened) await Promise.resolve(made.close?.()).catch(() => undefined);
  console.log(tally.report('fuzz: constructors and factories', seed));
  expect(tally.findings).toEqual([]);
  expect(prototypeChanges(baseline, fingerprintPrototypes())).toEqual([]);
});
