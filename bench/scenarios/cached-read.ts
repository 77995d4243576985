import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { type CofferClient, createClient, memoryCache, memoryProvider } from '@coffer/core';
import { LRUCache } from 'lru-cache';
import { sdkConfig, seedParameters } from '../lib/aws';
import { parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { judged, type Row } from '../lib/results';
import { figure, ratio, rounds } from '../lib/stats';

const NAME = '/bench/cached/db-host';
const JSON_NAME = '/bench/cached/db';
const DB = { user: 'app', password: 'hunter2-but-longer' };
const KEYPATH = { keypath: ['password'] };
const DECRYPT = { decrypt: true };
const POWERTOOLS_OPTIONS = { maxAge: 3600, decrypt: true };
const POWERTOOLS_JSON = { maxAge: 3600, decrypt: true, transform: 'json' } as const;

// One loop per contender, so that each call site stays monomorphic and no contender pays for another's shape.
async function floorLoop(lru: LRUCache<string, string>, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await lru.get(NAME);
  return Number(process.hrtime.bigint() - start) / count;
}

async function cofferLoop(client: CofferClient, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await client.get(NAME);
  return Number(process.hrtime.bigint() - start) / count;
}

async function cofferKeypathLoop(client: CofferClient, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await client.get(JSON_NAME, KEYPATH);
  return Number(process.hrtime.bigint() - start) / count;
}

async function cofferDecryptLoop(client: CofferClient, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await client.get(NAME, DECRYPT);
  return Number(process.hrtime.bigint() - start) / count;
}

async function powertoolsLoop(provider: SSMProvider, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await provider.get(NAME, POWERTOOLS_OPTIONS);
  return Number(process.hrtime.bigint() - start) / count;
}

async function powertoolsKeypathLoop(provider: SSMProvider, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) ((await provider.get(JSON_NAME, POWERTOOLS_JSON)) as unknown as typeof DB).password;
  return Number(process.hrtime.bigint() - start) / count;
}

/**
 * Scenario 1: `await get()` on a warm cache. coffer's ParameterStore (else a core client over the
 * memory provider) and Powertools' SSMProvider, both warmed from the emulator, against the floor:
 * an awaited `lru-cache` read.
 */
export async function cachedRead(context: BenchContext): Promise<Row[]> {
  const endpoint = context.proxy.endpoint;
  await seedParameters(endpoint, [NAME, JSON_NAME], (name) => (name === NAME ? 'db.internal:5432' : JSON.stringify(DB)));
  const ParameterStore = parameterStoreClass();
  const coffer: CofferClient = ParameterStore
    ? new ParameterStore({ ...sdkConfig(endpoint), cache: memoryCache() })
    : createClient({ provider: memoryProvider({ seed: { [NAME]: 'db.internal:5432', [JSON_NAME]: DB } }), cache: memoryCache() });
  if (!ParameterStore) context.skip('1 cached get', '@coffer/aws-ps is not built: coffer measured on a core client over memoryProvider');
  const powertools = new SSMProvider({ clientConfig: sdkConfig(endpoint) });
  const lru = new LRUCache<string, string>({ max: 1000 });
  lru.set(NAME, 'db.internal:5432');
  await coffer.get(NAME);
  await coffer.get(JSON_NAME, KEYPATH);
  await coffer.get(NAME, DECRYPT);
  await powertools.get(NAME, POWERTOOLS_OPTIONS);
  await powertools.get(JSON_NAME, POWERTOOLS_JSON);

  const reads = context.quick ? 200_000 : 1_000_000;
  const loops = {
    floor: () => floorLoop(lru, reads),
    coffer: () => cofferLoop(coffer, reads),
    keypath: () => cofferKeypathLoop(coffer, reads),
    decrypt: () => cofferDecryptLoop(coffer, reads),
    powertools: () => powertoolsLoop(powertools, reads),
    powertoolsKeypath: () => powertoolsKeypathLoop(powertools, reads),
  };
  type Name = keyof typeof loops;
  const names = Object.keys(loops) as Name[];
  const records = await rounds(context.rounds, context.warmup, async (index) => {
    const record = {} as Record<Name, number>;
    // A different contender goes first each round, so that none always runs on a freshly collected heap.
    for (let k = 0; k < names.length; k++) {
      const name = names[(index + k) % names.length] as Name;
      record[name] = await loops[name]();
    }
    return record;
  });
  const series = (name: Name) =>
    figure(
      records.map((record) => record[name]),
      'ns',
    );
  const floor = series('floor');
  const plain = series('coffer');
  const keypath = series('keypath');
  const decrypt = series('decrypt');
  const pt = series('powertools');
  const ptKeypath = series('powertoolsKeypath');
  const over = ParameterStore ? 'aws.ps' : 'memoryProvider';
  const perSecond = (cost: typeof floor) => `${(1e3 / cost.median).toFixed(1)} M/s`;
  const throughputNote = `throughput (1 / median cost): coffer ${perSecond(plain)}, Powertools ${perSecond(pt)}, floor ${perSecond(floor)}`;
  powertools.clearCache();
  await coffer.close();
  return [
    {
      scenario: '1',
      measure: `cached get, per read (coffer: ${over})`,
      note: throughputNote,
      figures: { coffer: plain, powertools: pt, floor },
      ratios: [
        judged(
          'coffer ÷ floor cost',
          ratio(plain, floor),
          { op: '<=', value: 1.5 },
          "a cached get does more than the floor's lru-cache lookup: the options, the expiry check and the Promise it returns",
        ),
        judged('coffer ÷ Powertools throughput', ratio(pt, plain), { op: '>=', value: 3 }),
      ],
    },
    {
      scenario: '1',
      measure: 'cached get with keypath (Powertools: json, then .password)',
      figures: { coffer: keypath, powertools: ptKeypath, floor },
      ratios: [judged('coffer ÷ floor cost', ratio(keypath, floor)), judged('coffer ÷ Powertools throughput', ratio(ptKeypath, keypath))],
    },
    {
      scenario: '1',
      measure: 'cached get with { decrypt: true } (Powertools: the same options)',
      figures: { coffer: decrypt, powertools: pt, floor },
      ratios: [judged('coffer ÷ floor cost', ratio(decrypt, floor)), judged('coffer ÷ Powertools throughput', ratio(pt, decrypt))],
      note: 'reads with options are remembered by option name and value (core/src/read/read-memo.ts), so they take the same fast path as plain reads',
    },
  ];
}
