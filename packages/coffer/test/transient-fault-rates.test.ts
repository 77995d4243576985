import { randomBytes } from 'node:crypto';
import { type CofferClient, ParameterStore, SecretsManager } from 'coffer';
import { type AwsProxy, awsProxy, type Fault } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { mulberry32 as seeded } from '../../../scripts/test-support/fuzz/random';

// Issue 17, defect 1, against the emulator: 30 % of requests fail for a transient reason (5xx,
// throttling, a reset connection), `maxAttempts: 3`, no cache, 500 reads each on aws.ps and
// aws.sm. A back-off that closed the whole backend after one failed call answered 46 % (aws.sm)
// and 88 % (aws.ps); with independent faults and three attempts about 97 % is due (97.3 % on
// average; a run varies by about 0.7 %). The figures are printed for docs/security.md.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
jest.setTimeout(120_000);

const SEED = Number(process.env.COFFER_FAULT_SEED ?? 17);
const READS = 500;
const NAMES = 20;
const RATE = 0.3;
const FAULTS: Fault[] = [{ status: 503, type: 'ServiceUnavailable' }, { status: 400, type: 'ThrottlingException' }, 'reset'];
const READ_OPERATIONS = new Set(['GetParameters', 'GetParameter', 'BatchGetSecretValue', 'GetSecretValue']);
const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const region = 'us-east-1';

async function readAll(
  client: CofferClient,
  names: string[],
): Promise<{ answered: number; failedTransient: number; refused: number; wrong: number }> {
  const tally = { answered: 0, failedTransient: 0, refused: 0, wrong: 0 };
  for (let i = 0; i < READS; i++) {
    const name = names[i % names.length]!;
    try {
      if ((await client.get(name)) === `value of ${name}`) tally.answered++;
      else tally.wrong++;
    } catch (error) {
      if ((error as { transient?: boolean }).transient === true) tally.failedTransient++;
      else tally.wrong++;
      if (/circuit open/.test((error as Error).message)) tally.refused++;
    }
  }
  return tally;
}

describe('30 % transient faults, 3 attempts, no cache', () => {
  let proxy: AwsProxy;
  let prefix: string;
  beforeAll(async () => {
    proxy = await awsProxy(motoEndpoint());
    prefix = `rates-${randomBytes(4).toString('hex')}`;
    const direct = { endpoint: motoEndpoint(), region, credentials, cache: false } as const;
    const ps = new ParameterStore(direct);
    const sm = new SecretsManager(direct);
    await Promise.all(
      Array.from({ length: NAMES }, (_, i) => [
        ps.update(`/${prefix}/p${i}`, `value of /${prefix}/p${i}`, { create: true }),
        sm.update(`${prefix}/s${i}`, `value of ${prefix}/s${i}`, { create: true }),
      ]).flat(),
    );
    await Promise.all([ps.close(), sm.close()]);
  });
  afterAll(async () => {
    proxy.fault(undefined);
    await proxy.close();
  });

  for (const provider of ['aws.ps', 'aws.sm'] as const) {
    it(`calls for every one of 500 reads on ${provider} and answers about 97 %`, async () => {
      const random = seeded(SEED);
      let faults = 0;
      proxy.fault((request) => {
        if (!READ_OPERATIONS.has(request.operation) || random() >= RATE) return undefined;
        faults++;
        return FAULTS[faults % FAULTS.length];
      });
      const options = { endpoint: proxy.endpoint, region, credentials, cache: false, maxAttempts: 3, timeoutMs: 300 } as const;
      const client = provider === 'aws.ps' ? new ParameterStore(options) : new SecretsManager(options);
      const names = Array.from({ length: NAMES }, (_, i) => (provider === 'aws.ps' ? `/${prefix}/p${i}` : `${prefix}/s${i}`));
      const before = proxy.count();
      const tally = await readAll(client, names);
      const requests = proxy.count() - before;
      proxy.fault(undefined);
      await client.close();
      console.log(
        `${provider}: ${tally.answered}/${READS} answered (${((100 * tally.answered) / READS).toFixed(1)} %), ` +
          `${tally.failedTransient} failed as transient (${tally.refused} by the breaker), ${tally.wrong} wrong; ` +
          `${requests} requests, ${faults} faults injected`,
      );
      expect(tally.wrong).toBe(0);
      expect(tally.answered + tally.failedTransient).toBe(READS);
      // Scattered faults never open the breaker: every read calls, and only reads whose three
      // attempts all failed go unanswered (0.3³ = 2.7 %: about 97 % answered, 95 % is 3 sd below).
      expect(tally.refused).toBe(0);
      expect(tally.answered).toBeGreaterThanOrEqual(0.95 * READS);
    });
  }
});
