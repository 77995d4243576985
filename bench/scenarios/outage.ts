import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryCache } from '@coffer/core';
import { numbered, sdkConfig, seedParameters } from '../lib/aws';
import { parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { awsProxy, startMoto } from '../lib/harness';
import { judged, type Row } from '../lib/results';
import { figure, rounds, sleep } from '../lib/stats';

const PREFIX = '/bench/outage/p';
const COUNT = 100;
const TTL_MS = 1_000;
/** coffer's own bounds for the failing reads: small, as the brief of this scenario asks. */
const COFFER_LIMITS = { maxAttempts: 2, timeoutMs: 300 } as const;
/** A read still pending after this long counts as hanging. */
const CAP_MS = 5_000;

type Read = (name: string) => Promise<unknown>;

/** How long a read of a name never cached takes to fail (capped: a read that hangs counts as CAP_MS). */
async function timeToFail(read: Read, name: string): Promise<number> {
  const start = process.hrtime.bigint();
  const outcome = await Promise.race([
    read(name).then(
      () => 'answered',
      () => 'failed',
    ),
    sleep(CAP_MS).then(() => 'hung'),
  ]);
  if (outcome === 'answered') throw new Error(`${name} was answered during the outage`);
  return outcome === 'hung' ? CAP_MS : Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Scenario 6: an emulator of its own is warmed up, stopped, and the values expire: the share of
 * reads still answered (coffer serves them stale-if-error), then how long a read of a name never
 * cached takes to fail, with the emulator stopped (connections refused) and hanging (a proxy that
 * never answers).
 */
export async function outage(context: BenchContext): Promise<Row[]> {
  const ParameterStore = parameterStoreClass();
  if (!ParameterStore) {
    context.skip('6 outage', '@coffer/aws-ps is not built yet');
    return [];
  }
  const moto = await startMoto();
  const proxy = await awsProxy(moto.endpoint);
  try {
    const names = numbered(PREFIX, COUNT);
    await seedParameters(moto.endpoint, names, (name) => `value of ${name}`);
    const coffer = new ParameterStore({ ...sdkConfig(moto.endpoint), ...COFFER_LIMITS, cache: memoryCache(), ttl: TTL_MS });
    const powertools = new SSMProvider({ clientConfig: sdkConfig(moto.endpoint) });
    const readers: Record<'coffer' | 'powertools', Read> = {
      coffer: (name) => coffer.get(name),
      powertools: (name) => powertools.get(name, { decrypt: true, maxAge: TTL_MS / 1000 }),
    };
    for (const read of Object.values(readers)) await Promise.all(names.map(read));
    await moto.stop();
    await sleep(TTL_MS + 100);

    const answered: Record<string, number> = {};
    for (const [name, read] of Object.entries(readers)) {
      const results = await Promise.allSettled(names.map(read));
      answered[name] =
        (100 * results.filter((result, i) => result.status === 'fulfilled' && result.value === `value of ${names[i]}`).length) / COUNT;
    }
    context.log(`6: answered during the outage: coffer ${answered.coffer} %, Powertools ${answered.powertools} %`);

    const failers = (endpoint: string): Record<'coffer' | 'powertools' | 'sdk', Read> => ({
      coffer: (name) => new ParameterStore({ ...sdkConfig(endpoint), ...COFFER_LIMITS, cache: memoryCache() }).get(name),
      powertools: (name) => new SSMProvider({ clientConfig: sdkConfig(endpoint) }).get(name, { decrypt: true }),
      sdk: (name) => new SSMClient(sdkConfig(endpoint)).send(new GetParameterCommand({ Name: name, WithDecryption: true })),
    });
    const count = context.quick ? 3 : 7;
    const summary = (records: Record<string, number>[]) =>
      Object.fromEntries(
        Object.keys(records[0] ?? {}).map((name) => [
          name,
          figure(
            records.map((r) => r[name] as number),
            'ms',
          ),
        ]),
      );
    const refusedReaders = failers(moto.endpoint);
    const refused = await rounds(count, 0, async (index) => {
      const record: Record<string, number> = {};
      for (const [name, read] of Object.entries(refusedReaders)) record[name] = await timeToFail(read, `${PREFIX}never-${index}`);
      return record;
    });
    // A hanging read costs no CPU, so every round of every contender waits at once: the scenario takes one cap, not many.
    proxy.fault(() => 'hang');
    const hungReaders = failers(proxy.endpoint);
    const hung = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const entries = await Promise.all(
          Object.entries(hungReaders).map(async ([name, read]) => [name, await timeToFail(read, `${PREFIX}hung-${index}`)] as const),
        );
        return Object.fromEntries(entries);
      }),
    );
    const share = (value: number | undefined) => figure([value ?? 0], '%');
    const limits = `coffer maxAttempts ${COFFER_LIMITS.maxAttempts}, timeoutMs ${COFFER_LIMITS.timeoutMs}; Powertools and the SDK with their defaults`;
    return [
      {
        scenario: '6',
        measure: `outage, values expired: share of ${COUNT} reads answered`,
        figures: { coffer: share(answered.coffer), powertools: share(answered.powertools) },
        ratios: [judged('coffer reads answered', share(answered.coffer), { op: '>=', value: 100, unit: '%' })],
        note: 'coffer serves the expired values (stale-if-error); Powertools throws once maxAge has passed',
      },
      {
        scenario: '6',
        measure: 'outage: time for a never-cached read to fail, emulator stopped',
        figures: summary(refused),
        ratios: [],
        note: limits,
      },
      {
        scenario: '6',
        measure: `outage: time for a never-cached read to fail, emulator hanging (cap ${CAP_MS / 1000} s)`,
        figures: summary(hung),
        ratios: [],
        note: `${limits} (no request timeout): a figure at the cap means the read was still waiting`,
      },
    ];
  } finally {
    await proxy.close();
    await moto.stop();
  }
}
