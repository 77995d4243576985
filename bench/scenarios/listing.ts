import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryCache } from '@coffer/core';
import { numbered, sdkConfig, seedParameters } from '../lib/aws';
import { parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { counted } from '../lib/requests';
import { judged, type Ratio, type Row } from '../lib/results';
import { figuresOf, ratio, rounds } from '../lib/stats';

const ROOT = '/bench/list';
const COUNT = 1_000;
/** Ten folders of a hundred, so that the listing is recursive. */
const NAMES = numbered(`${ROOT}/p`, COUNT).map((name, i) => name.replace(`${ROOT}/`, `${ROOT}/group${i % 10}/`));

async function sdkListing(endpoint: string): Promise<Record<string, string>> {
  const client = new SSMClient(sdkConfig(endpoint));
  const out: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await client.send(new GetParametersByPathCommand({ Path: ROOT, Recursive: true, WithDecryption: true, NextToken: token }));
    for (const parameter of page.Parameters ?? []) out[parameter.Name as string] = parameter.Value as string;
    token = page.NextToken;
  } while (token);
  client.destroy();
  return out;
}

/** Scenario 3: `getByPath` over 1,000 parameters (recursive, decrypted) on a cold client: requests and time. */
export async function listing(context: BenchContext): Promise<Row[]> {
  const endpoint = context.proxy.endpoint;
  await seedParameters(context.emulator.endpoint, NAMES, (name) => `value of ${name}`);
  const ParameterStore = parameterStoreClass();
  const contenders: Record<string, () => Promise<Record<string, unknown>>> = {
    powertools: async () =>
      (await new SSMProvider({ clientConfig: sdkConfig(endpoint) }).getMultiple(ROOT, { recursive: true, decrypt: true })) ?? {},
    sdk: () => sdkListing(endpoint),
  };
  if (ParameterStore) {
    contenders.coffer = async () => {
      const client = new ParameterStore({ ...sdkConfig(endpoint), cache: memoryCache() });
      const values = await client.getByPath(ROOT);
      await client.close();
      return values;
    };
  } else {
    context.skip('3 listing', '@coffer/aws-ps is not built yet: coffer not measured');
  }
  const names = Object.keys(contenders);
  const records = await rounds(context.slowRounds + 1, 1, async (index) => {
    const record: Record<string, { requests: number; ms: number }> = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(index + k) % names.length] as string;
      const run = await counted(context.proxy, contenders[name] as () => Promise<Record<string, unknown>>);
      const listed = Object.keys(run.result ?? {}).length;
      if (listed !== COUNT) throw new Error(`${name} listed ${listed} parameters instead of ${COUNT}`);
      record[name] = run;
    }
    return record;
  });
  const requests = figuresOf(names, records, 'requests');
  const times = figuresOf(names, records, 'ms');
  const ratios: Ratio[] = [];
  if (times.coffer && times.powertools) ratios.push(judged('Powertools ÷ coffer time', ratio(times.powertools, times.coffer)));
  if (times.coffer && times.sdk) ratios.push(judged('plain SDK ÷ coffer time', ratio(times.sdk, times.coffer)));
  const label = `getByPath, ${COUNT.toLocaleString('en-US')} parameters`;
  return [
    { scenario: '3', measure: `${label}: requests`, figures: requests, ratios: [] },
    { scenario: '3', measure: `${label}: time`, figures: times, ratios },
  ];
}
