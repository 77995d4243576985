import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { buildCli, coffer } from './cli-helpers';
import { send } from './http-send';

const AWS = { AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'us-east-1' };
const TOKEN = 'cold-burst-token';
const SECRETS = 100;

beforeAll(() => buildCli(), 180_000);

describe('coffer serve (the built binary) on moto behind the counting proxy', () => {
  let proxy: AwsProxy;
  const prefix = `burst/${randomBytes(4).toString('hex')}/s`;
  const names = Array.from({ length: SECRETS }, (_, i) => `${prefix}${i}`);

  beforeAll(async () => {
    const sm = new SecretsManagerClient({
      endpoint: motoEndpoint(),
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    for (let i = 0; i < names.length; i += 20) {
      await Promise.all(
        names.slice(i, i + 20).map((name) => sm.send(new CreateSecretCommand({ Name: name, SecretString: `value of ${name}` }))),
      );
    }
    sm.destroy();
    proxy = await awsProxy(motoEndpoint());
  }, 60_000);
  afterAll(() => proxy.close());

  it('answers 100 distinct secrets asked at once with at most 7 backend calls, with its default window', async () => {
    let answers: Promise<{ status: number; body: string }[]> | undefined;
    let calls = -1;
    const run = coffer(['serve', '--port', '0', '--parameters', 'none', '--endpoint', proxy.endpoint], {
      env: { ...AWS, AWS_TOKEN: TOKEN },
      onStdout: (text, pid) => {
        const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
        if (!found || answers) return;
        const before = proxy.count();
        answers = Promise.all(
          names.map((name) => send(Number(found[1]), `/v1/${name}`, { 'X-Aws-Parameters-Secrets-Token': TOKEN })),
        ).finally(() => {
          calls = proxy.count() - before;
          process.kill(pid, 'SIGTERM');
        });
      },
    });

    const result = await run;
    const bodies = await answers;

    expect(result.code).toBe(0);
    expect(bodies?.map(({ body }) => JSON.parse(body).SecretString)).toEqual(names.map((name) => `value of ${name}`));
    // BatchGetSecretValue takes 20 ids: 5 calls is the floor.
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(calls).toBeLessThanOrEqual(7);
    expect(proxy.requests.every(({ operation }) => operation === 'BatchGetSecretValue')).toBe(true);
  }, 60_000);
});
