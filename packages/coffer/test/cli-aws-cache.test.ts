import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { buildCli, coffer, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const env = { AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'us-east-1' };

describe('the encrypted SQLite cache in front of AWS, shared by separate processes', () => {
  it('answers a second process from the file: no request reaches AWS, and the file holds no value', async () => {
    const name = `/t${randomBytes(5).toString('hex')}/db/password`;
    const value = secret();
    await coffer(['update', 'aws.ps', name, '-', '--create', '--endpoint', motoEndpoint()], { input: value, env });
    const folder = folderWith({});
    const cache = `sqlite://${join(folder, 'cache', 'coffer.db')}`;
    const proxy = await awsProxy(motoEndpoint());
    try {
      const read = () => coffer(['get', 'aws.ps', name, '--cache', cache, '--endpoint', proxy.endpoint], { env });

      const first = await read();
      const afterFirst = proxy.requests.length;
      const second = await read();

      expect(first).toMatchObject({ code: 0, stdout: `${value}\n` });
      expect(second).toMatchObject({ code: 0, stdout: `${value}\n` });
      expect(afterFirst).toBe(1);
      expect(proxy.requests.length).toBe(1);
      for (const file of readdirSync(join(folder, 'cache'))) {
        const bytes = readFileSync(join(folder, 'cache', file));
        expect(bytes.includes(value)).toBe(false);
        expect(bytes.includes(name)).toBe(false);
      }
    } finally {
      await proxy.close();
    }
  });
});
