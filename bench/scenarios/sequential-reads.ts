import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { memoryCache } from '@coffer/core';
import { numbered, sdkConfig, seedParameters } from '../lib/aws';
import { parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { counted } from '../lib/requests';
import { judged, type Row } from '../lib/results';
import { figure, figuresOf, rounds } from '../lib/stats';

const NAMES = 100;
const TTL_MS = 1000;
const FLOOR = Math.ceil(NAMES / 10);

type Measured = { requests: number; ms: number };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scenario 7: 100 parameters awaited one by one, as sequential code reads them: cold, cold after
 * one batched read of all (coffer `getMany`, Powertools `getParametersByName`), and again after
 * the ttl (coffer: piggybacking on the first miss's batch). Requests through the counting proxy.
 */
export async function sequentialReads(context: BenchContext): Promise<Row[]> {
  const ParameterStore = parameterStoreClass();
  if (!ParameterStore) {
    context.skip('7 sequential reads', '@coffer/aws-ps is not built yet');
    return [];
  }
  const endpoint = context.proxy.endpoint;
  const names = numbered('/bench/seq/p', NAMES);
  await seedParameters(context.emulator.endpoint, names, (name) => `value of ${name}`);
  const oneByOne = async (read: (name: string) => Promise<unknown>) => {
    for (const name of names) await read(name);
  };
  const records = await rounds(context.slowRounds, 0, async () => {
    const record: Record<string, Measured> = {};
    const coffer = () =>
      new ParameterStore({ ...sdkConfig(endpoint), cache: memoryCache({ ttl: TTL_MS }) }) as InstanceType<typeof ParameterStore> & {
        getMany(paths: string[]): Promise<unknown>;
      };
    const plain = coffer();
    record.cofferPlain = await counted(context.proxy, () => oneByOne((name) => plain.get(name)));
    const batched = coffer();
    record.cofferMany = await counted(context.proxy, async () => {
      await batched.getMany(names);
      await oneByOne((name) => batched.get(name));
    });
    const powertools = new SSMProvider({ clientConfig: sdkConfig(endpoint) });
    record.powertoolsGet = await counted(context.proxy, () => oneByOne((name) => powertools.get(name, { maxAge: 1 })));
    const powertoolsBatched = new SSMProvider({ clientConfig: sdkConfig(endpoint) });
    record.powertoolsByName = await counted(context.proxy, async () => {
      await powertoolsBatched.getParametersByName(Object.fromEntries(names.map((name) => [name, { maxAge: 1 }])));
      await oneByOne((name) => powertoolsBatched.get(name, { maxAge: 1 }));
    });
    await sleep(TTL_MS + 100);
    record.cofferAfterTtl = await counted(context.proxy, () => oneByOne((name) => batched.get(name)));
    record.powertoolsAfterTtl = await counted(context.proxy, () => oneByOne((name) => powertools.get(name, { maxAge: 1 })));
    await Promise.all([plain.close(), batched.close()]);
    return record;
  });
  const requests = figuresOf(Object.keys(records[0] ?? {}), records, 'requests');
  const times = figuresOf(Object.keys(records[0] ?? {}), records, 'ms');
  const floor = figure([FLOOR], 'req');
  const row = (label: string, cofferKey: string, powertoolsKey: string): Row[] => [
    {
      scenario: '7',
      measure: `sequential reads, ${NAMES} names one by one, ${label}: requests`,
      figures: { coffer: requests[cofferKey], powertools: requests[powertoolsKey], floor },
      ratios: requests[cofferKey] ? [judged('coffer requests', requests[cofferKey], { op: '<=', value: FLOOR + 2, unit: 'req' })] : [],
    },
    {
      scenario: '7',
      measure: `sequential reads, ${NAMES} names one by one, ${label}: wall time`,
      figures: { coffer: times[cofferKey], powertools: times[powertoolsKey] },
      ratios: [],
    },
  ];
  return [
    {
      scenario: '7',
      measure: `sequential reads, ${NAMES} names one by one, cold, plain get: requests`,
      figures: { coffer: requests.cofferPlain, powertools: requests.powertoolsGet, floor },
      ratios: [],
    },
    ...row('cold, after getMany / getParametersByName', 'cofferMany', 'powertoolsByName'),
    ...row('after the ttl (coffer: piggybacking; Powertools: get)', 'cofferAfterTtl', 'powertoolsAfterTtl'),
  ];
}
