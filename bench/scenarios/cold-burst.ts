import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { memoryCache } from '@coffer/core';
import { numbered, sdkConfig, seedParameters, seedSecrets } from '../lib/aws';
import { type AwsClientClass, parameterStoreClass, secretsManagerClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { counted } from '../lib/requests';
import { judged, type Ratio, type Row } from '../lib/results';
import { figuresOf, ratio, rounds } from '../lib/stats';

const READS = 1_000;
const WARMUP_READS = 100;
const NAMES = 100;

type Reader = (name: string) => Promise<unknown>;
interface Contender {
  /** A reader over a fresh, cold client, and how to release it. */
  open(): { read: Reader; close(): void | Promise<void> };
}

interface Service {
  readonly what: string;
  readonly names: string[];
  readonly coffer: AwsClientClass | undefined;
  readonly cofferPackage: string;
  powertools(endpoint: string): Reader;
  sdk(endpoint: string): { read: Reader; close(): void };
}

const SERVICES: readonly Omit<Service, 'coffer'>[] = [
  {
    what: 'parameters',
    names: numbered('/bench/burst/p', NAMES),
    cofferPackage: '@coffer/aws-ps',
    powertools: (endpoint) => {
      const provider = new SSMProvider({ clientConfig: sdkConfig(endpoint) });
      return (name) => provider.get(name, { decrypt: true });
    },
    sdk: (endpoint) => {
      const client = new SSMClient(sdkConfig(endpoint));
      return { read: (name) => client.send(new GetParameterCommand({ Name: name, WithDecryption: true })), close: () => client.destroy() };
    },
  },
  {
    what: 'secrets',
    names: numbered('bench/burst/s', NAMES),
    cofferPackage: '@coffer/aws-sm',
    powertools: (endpoint) => {
      const provider = new SecretsProvider({ clientConfig: sdkConfig(endpoint) });
      return (name) => provider.get(name);
    },
    sdk: (endpoint) => {
      const client = new SecretsManagerClient(sdkConfig(endpoint));
      return { read: (name) => client.send(new GetSecretValueCommand({ SecretId: name })), close: () => client.destroy() };
    },
  },
];

/**
 * Scenario 2: 1,000 concurrent reads of 100 names on a cold client, for parameters and for
 * secrets: the requests that reach the emulator and the wall time. Every round uses fresh clients.
 */
export async function coldBurst(context: BenchContext): Promise<Row[]> {
  const endpoint = context.proxy.endpoint;
  const rows: Row[] = [];
  for (const base of SERVICES) {
    const service: Service = { ...base, coffer: base.what === 'parameters' ? parameterStoreClass() : secretsManagerClass() };
    if (service.what === 'parameters') await seedParameters(context.emulator.endpoint, service.names, (name) => `value of ${name}`);
    else await seedSecrets(context.emulator.endpoint, service.names, (name) => JSON.stringify({ name, password: 'p4ss' }));
    const contenders: Partial<Record<'coffer' | 'powertools' | 'sdk', Contender>> = {
      powertools: { open: () => ({ read: service.powertools(endpoint), close: () => undefined }) },
      sdk: { open: () => service.sdk(endpoint) },
    };
    const Coffer = service.coffer;
    if (Coffer) {
      contenders.coffer = {
        open: () => {
          const client = new Coffer({ ...sdkConfig(endpoint), cache: memoryCache() });
          return { read: (name) => client.get(name), close: () => client.close() };
        },
      };
    } else {
      context.skip(`2 cold burst (${service.what})`, `${service.cofferPackage} is not built yet: coffer not measured`);
    }
    const names = Object.keys(contenders) as (keyof typeof contenders)[];
    context.log(`2: ${service.what}: ${names.join(', ')}`);
    const records = await rounds(context.slowRounds, 1, async (index, recorded) => {
      const count = recorded ? READS : WARMUP_READS;
      const record: Record<string, { requests: number; ms: number }> = {};
      for (let k = 0; k < names.length; k++) {
        const name = names[(index + k) % names.length] as keyof typeof contenders;
        const { read, close } = (contenders[name] as Contender).open();
        const burst = await counted(context.proxy, () =>
          Promise.all(Array.from({ length: count }, (_, i) => read(service.names[i % service.names.length] as string))),
        );
        await close();
        record[name] = burst;
      }
      return record;
    });
    const requests = figuresOf(names, records, 'requests');
    const times = figuresOf(names, records, 'ms');
    const requestRatios: Ratio[] = [];
    const timeRatios: Ratio[] = [];
    if (requests.coffer && requests.powertools && times.coffer && times.powertools) {
      requestRatios.push(judged('Powertools ÷ coffer requests', ratio(requests.powertools, requests.coffer), { op: '>=', value: 50 }));
      timeRatios.push(judged('Powertools ÷ coffer time', ratio(times.powertools, times.coffer)));
    }
    if (times.coffer && times.sdk) timeRatios.push(judged('plain SDK ÷ coffer time', ratio(times.sdk, times.coffer)));
    const label = `cold burst, ${READS.toLocaleString('en-US')} reads of ${NAMES} ${service.what}`;
    rows.push({ scenario: '2', measure: `${label}: requests`, figures: requests, ratios: requestRatios });
    rows.push({ scenario: '2', measure: `${label}: wall time`, figures: times, ratios: timeRatios });
  }
  return rows;
}
