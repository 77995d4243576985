import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { buildCli, coffer, expectOneLineError } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const env = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_REGION: 'us-east-1' };

describe('coffer --failover-regions', () => {
  it('reads a replicated secret from the failover region while the primary answers 503', async () => {
    const name = `t${randomBytes(5).toString('hex')}/db`;
    const sm = new SecretsManagerClient({ region: 'us-east-1', endpoint: motoEndpoint(), credentials });
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'replicated', AddReplicaRegions: [{ Region: 'us-west-2' }] }));
    sm.destroy();
    const proxy = await awsProxy(motoEndpoint());
    proxy.failRegion('us-east-1', { status: 503, type: 'ServiceUnavailable' });
    try {
      const at = ['--endpoint', proxy.endpoint, '--region', 'us-east-1'];
      const read = await coffer(['get', 'aws.sm', name, ...at, '--failover-regions', 'us-west-2'], { env });
      const alone = await coffer(['get', 'aws.sm', name, ...at], { env: { ...env, COFFER_AWS_FAILOVER_REGIONS: '' } });
      const fromEnv = await coffer(['get', 'aws.sm', name, ...at], { env: { ...env, COFFER_AWS_FAILOVER_REGIONS: 'us-west-2' } });

      expect(read).toMatchObject({ code: 0, stdout: 'replicated\n', stderr: '' });
      expect(fromEnv).toMatchObject({ code: 0, stdout: 'replicated\n' });
      expectOneLineError(alone, 3);
      expect(proxy.countIn('us-west-2')).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
  });

  it('is a usage error on a provider without regions', async () => {
    const result = await coffer(['get', 'env', 'HOME', '--failover-regions', 'us-west-2']);
    expectOneLineError(result, 2, /does not apply/);
  });
});
