import { randomBytes } from 'node:crypto';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { admin, describeVault, address as vaultAddress, rootToken } from '../../vault/test/support';
import { buildCli, type CliOptions, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const aws = (): CliOptions['env'] => ({
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_REGION: region,
});
const at = () => ['--endpoint', motoEndpoint()];
const unique = () => `t${randomBytes(5).toString('hex')}`;

describe('--format env never loses a value', () => {
  it('refuses, naming both parameters, when two names become one variable (aws.ps on moto)', async () => {
    const ssm = new SSMClient({ region, credentials, endpoint: motoEndpoint() });
    const base = `/${unique()}/coll`;
    for (const leaf of ['app-x', 'app.x', 'app_y'])
      await ssm.send(new PutParameterCommand({ Name: `${base}/${leaf}`, Value: secret(), Type: 'String' }));
    ssm.destroy();

    const result = await coffer(['get-by-path', 'aws.ps', base, '--format', 'env', ...at()], { env: aws() });

    expectOneLineError(result, 2, new RegExp(`${base}/app-x and ${base}/app\\.x both become APP_X`));
  });

  it('still prints every variable when the names are distinct', async () => {
    const folder = folderWith({ 's.json': '{"app":{"db-host":"h","db_port":"5432"}}' });
    const result = await coffer(['get-by-path', 'file', '/app', '--format', 'env', '--file', `${folder}/s.json`]);
    expect(result).toMatchObject({ code: 0, stdout: 'DB_HOST=h\nDB_PORT=5432\n', stderr: '' });
  });

  it('makes run and export refuse a variable given by both the config and the reference file', async () => {
    const folder = folderWith({
      's.yml': 'a: 1\n',
      'coffer.yml': 'env:\n  A: { provider: file, path: /a, file: s.yml }\n',
      'app.env': 'A=ref+file://s.yml#/a\n',
    });
    const pattern = /A is set by both the config file and the reference file/;
    expectOneLineError(await coffer(['export', '--config', 'coffer.yml', '--refs', 'app.env'], { cwd: folder }), 2, pattern);
    const run = await coffer(['run', '--config', 'coffer.yml', '--refs', 'app.env', '--', 'node', '-e', "console.log('ran')"], {
      cwd: folder,
    });
    expectOneLineError(run, 2, pattern);
  });
});

describe('a typo in a run config option', () => {
  it.each([
    ['aws.sm', 'keypth: [password]', 'keypth', 'keypath'],
    ['file', 'defualt: x', 'defualt', 'default'],
    ['vault', 'versoin: 2', 'versoin', 'version'],
  ])('gets a suggestion for %s, before any call', async (provider, option, typo, meant) => {
    const folder = folderWith({ 'coffer.yml': `env:\n  DB: { provider: ${provider}, path: app/db, ${option} }\n` });
    const pattern = new RegExp(`env\\.DB: unknown option '${typo}' \\(did you mean '${meant}'\\?\\)\\n$`);
    expectOneLineError(await coffer(['run', '--', 'node', '-e', "console.log('ran')"], { cwd: folder }), 2, pattern);
    expectOneLineError(await coffer(['export'], { cwd: folder }), 2, pattern);
  });

  it('leaves provider options that resemble an entry key alone', async () => {
    const folder = folderWith({ 's.yml': 'a: ok\n', 'coffer.yml': 'env:\n  A: { provider: file, path: /a, file: s.yml, format: yaml }\n' });
    expect(await coffer(['export'], { cwd: folder })).toMatchObject({ code: 0, stdout: 'A=ok\n' });
  });
});

describe('aws.sm versions from the command line (moto)', () => {
  it('reads a version by --version-stage and by --version-id', async () => {
    const sm = new SecretsManagerClient({ region, credentials, endpoint: motoEndpoint() });
    const name = `${unique()}/db`;
    const [first, second] = [secret(), secret()];
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: first }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: second }));
    sm.destroy();

    const current = await coffer(['get', 'aws.sm', name, ...at()], { env: aws() });
    const previous = await coffer(['get', 'aws.sm', name, '--version-stage', 'AWSPREVIOUS', ...at()], { env: aws() });
    const byId = await coffer(['get', 'aws.sm', name, '--version-id', created.VersionId as string, ...at()], { env: aws() });

    expect([current.stdout, previous.stdout, byId.stdout]).toEqual([`${second}\n`, `${first}\n`, `${first}\n`]);
  });

  it('refuses the version flags for a provider without them', async () => {
    expectOneLineError(
      await coffer(['get', 'aws.ps', '/x', '--version-stage', 'AWSPREVIOUS']),
      2,
      /--version-stage does not apply to the aws\.ps/,
    );
    expectOneLineError(await coffer(['update', 'aws.sm', 'x', 'v', '--cas', '1']), 2, /--cas does not apply to the aws\.sm provider/);
  });
});

describeVault('vault from the command line (OpenBao)', () => {
  const env = () => ({ VAULT_ADDR: vaultAddress(), VAULT_TOKEN: rootToken() });

  it('writes with --cas: the expected version wins, a stale one is a conflict', async () => {
    const path = `${unique()}/db`;
    await admin('POST', `secret/data/${path}`, { data: { password: 'one' } });

    const stale = await coffer(['update', 'vault', path, '{"password":"two"}', '--cas', '0'], { env: env() });
    const fresh = await coffer(['update', 'vault', path, '{"password":"two"}', '--cas', '1'], { env: env() });
    const read = await coffer(['get', 'vault', path, 'password'], { env: env() });

    expectOneLineError(stale, 3, /check-and-set conflict/);
    expect(fresh).toMatchObject({ code: 0, stderr: '' });
    expect(read.stdout).toBe('two\n');
    expectOneLineError(await coffer(['update', 'vault', path, 'x', '--cas', 'one'], { env: env() }), 2, /--cas must be a version/);
  });

  it('says a version is missing when the secret exists, and the secret when it does not', async () => {
    const path = `${unique()}/db`;
    await admin('POST', `secret/data/${path}`, { data: { password: 'one' } });

    const version = await coffer(['get', 'vault', `${path}:9`], { env: env() });
    const whole = await coffer(['get', 'vault', `${unique()}/nope:9`], { env: env() });

    expectOneLineError(version, 1, new RegExp(`version 9 of the secret does not exist.*\\(vault ${path}\\)`));
    expectOneLineError(whole, 1, /Secret not found/);
  });

  it('says the mount is missing for a --mount that does not exist', async () => {
    const mount = unique();
    const pattern = new RegExp(`there is no mount '${mount}'`);
    expectOneLineError(await coffer(['get', 'vault', 'app/db', '--mount', mount], { env: env() }), 2, pattern);
    expectOneLineError(await coffer(['exists', 'vault', 'app/db', '--mount', mount], { env: env() }), 2, pattern);
    expectOneLineError(await coffer(['get-by-path', 'vault', 'app', '--mount', mount], { env: env() }), 2, pattern);
  });
});
