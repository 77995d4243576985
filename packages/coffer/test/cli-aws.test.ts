import { randomBytes } from 'node:crypto';
import { awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { buildCli, type CliOptions, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const aws = (): CliOptions['env'] => ({
  AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST',
  AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
  AWS_REGION: 'us-east-1',
});
const at = () => ['--endpoint', motoEndpoint()];
const unique = () => `t${randomBytes(5).toString('hex')}`;

describe('coffer CLI on aws.ps and aws.sm (moto)', () => {
  it('creates a SecureString parameter from stdin and reads it back, encrypted only with --no-decrypt', async () => {
    const name = `/${unique()}/db/password`;
    const value = secret();

    const created = await coffer(['update', 'aws.ps', name, '-', '--create', '--type', 'SecureString', ...at()], {
      input: value,
      env: aws(),
    });
    const read = await coffer(['get', 'aws.ps', name, ...at()], { env: aws() });
    const encrypted = await coffer(['get', 'aws.ps', name, '--no-decrypt', ...at()], { env: aws() });

    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(read.stdout).toBe(`${value}\n`);
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).not.toBe(`${value}\n`);
  });

  it('lists a parameter path as env lines and answers exists', async () => {
    const base = `/${unique()}/app`;
    for (const [leaf, value] of [
      ['db/host', 'db.internal'],
      ['flag', 'on'],
    ]) {
      expect(
        (await coffer(['update', 'aws.ps', `${base}/${leaf}`, value as string, '--create', '--type', 'String', ...at()], { env: aws() }))
          .code,
      ).toBe(0);
    }

    const listing = await coffer(['get-by-path', 'aws.ps', base, '--format', 'env', ...at()], { env: aws() });
    expect(listing.stdout).toBe('DB_HOST=db.internal\nFLAG=on\n');
    expect((await coffer(['exists', 'aws.ps', base, ...at()], { env: aws() })).code).toBe(0);
    expect((await coffer(['exists', 'aws.ps', `${base}/fla`, ...at()], { env: aws() })).code).toBe(1);
  });

  it('writes a JSON secret to Secrets Manager and reads one key of it', async () => {
    const name = `${unique()}/db`;
    const password = secret();

    const created = await coffer(['update', 'aws.sm', name, '--create', ...at()], {
      input: JSON.stringify({ user: 'app', password }),
      env: aws(),
    });
    const key = await coffer(['get', 'aws.sm', name, 'password', ...at()], { env: aws() });

    expect(created.code).toBe(0);
    expect(key.stdout).toBe(`${password}\n`);
    expect((await coffer(['exists', 'aws.sm', name, 'user', ...at()], { env: aws() })).code).toBe(0);
    expectOneLineError(await coffer(['get', 'aws.sm', `${name}-nope`, ...at()], { env: aws() }), 1, /not found/);
  });

  it('runs a command with secrets from both services', async () => {
    const parameter = `/${unique()}/api/url`;
    const secretName = `${unique()}/db`;
    const password = secret();
    await coffer(['update', 'aws.ps', parameter, 'https://api.internal', '--create', ...at()], { env: aws() });
    await coffer(['update', 'aws.sm', secretName, '--create', ...at()], { input: JSON.stringify({ password }), env: aws() });
    const folder = folderWith({
      'coffer.yml': [
        'providers:',
        `  aws.ps: { region: us-east-1, endpoint: '${motoEndpoint()}' }`,
        `  aws.sm: { region: us-east-1, endpoint: '${motoEndpoint()}' }`,
        'env:',
        `  API_URL: { provider: aws.ps, path: ${parameter} }`,
        `  DB_PASSWORD: { provider: aws.sm, path: ${secretName}, keypath: [password] }`,
      ].join('\n'),
    });

    const result = await coffer(['run', '--no-mask', '--', 'node', '-e', 'console.log(process.env.API_URL, process.env.DB_PASSWORD)'], {
      cwd: folder,
      env: aws(),
    });

    expect(result).toMatchObject({ code: 0, stdout: `https://api.internal ${password}\n`, stderr: '' });
  });

  it('assumes the role given with --role-arn and signs with its credentials', async () => {
    const name = `/${unique()}/flag`;
    await coffer(['update', 'aws.ps', name, 'on', '--create', '--type', 'String', ...at()], { env: aws() });
    const proxy = await awsProxy(motoEndpoint());
    try {
      const role = 'arn:aws:iam::123456789012:role/coffer-reader';
      const result = await coffer(['get', 'aws.ps', name, '--role-arn', role, '--endpoint', proxy.endpoint], { env: aws() });

      expect(result).toMatchObject({ code: 0, stdout: 'on\n' });
      expect(proxy.requests.map(({ operation }) => operation)).toEqual(['AssumeRole', 'GetParameters']);
      expect(proxy.requests[0]?.accessKeyId).toBe('AKIDCOFFERTEST');
      expect(proxy.requests[1]?.accessKeyId).not.toBe('AKIDCOFFERTEST');
    } finally {
      await proxy.close();
    }
  });

  it('exits 3 when the service cannot be reached, and 2 for an invalid parameter name', async () => {
    const down = await coffer(['get', 'aws.ps', '/app/x', '--endpoint', 'http://127.0.0.1:9'], { env: aws() });
    expectOneLineError(down, 3, /aws\.ps \/app\/x/);
    expectOneLineError(await coffer(['get', 'aws.ps', '/aws/x', ...at()], { env: aws() }), 2);
  });
});
