import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { admin, describeVault, address as vaultAddress, rootToken } from '../../vault/test/support';
import { buildCli, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const unique = () => `t${randomBytes(5).toString('hex')}`;
const awsEnv = {
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_REGION: region,
};

/** Seeds 12 parameters, 2 secrets, 2 Vault secrets and a local file; returns the references and values. */
async function seed() {
  const base = unique();
  const ssm = new SSMClient({ region, credentials, endpoint: motoEndpoint() });
  const sm = new SecretsManagerClient({ region, credentials, endpoint: motoEndpoint() });
  const parameters = Array.from({ length: 12 }, (_, i) => [`/${base}/p${i}`, `param-${i}-${secret()}`] as const);
  await Promise.all(
    parameters.map(([name, value]) => ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString' }))),
  );
  const db = { user: `u-${secret()}`, password: `p-${secret()}` };
  const stripe = `k-${secret()}`;
  await sm.send(new CreateSecretCommand({ Name: `${base}/db`, SecretString: JSON.stringify(db) }));
  await sm.send(new CreateSecretCommand({ Name: `${base}/stripe`, SecretString: stripe }));
  ssm.destroy();
  sm.destroy();
  const vaultDb = { user: `vu-${secret()}`, password: `vp-${secret()}` };
  const token = `vt-${secret()}`;
  await admin('POST', `secret/data/${base}/db`, { data: vaultDb });
  await admin('POST', `secret/data/${base}/token`, { data: { value: token } });
  const fileKey = `f-${secret()}`;
  return { base, parameters, db, stripe, vaultDb, token, fileKey };
}

describeVault('coffer inject: a template mixing aws.ps, aws.sm, vault and file references', () => {
  let aws: AwsProxy;
  let vault: AwsProxy;
  beforeEach(async () => {
    aws = await awsProxy(motoEndpoint());
    vault = await awsProxy(vaultAddress());
  });
  afterEach(async () => {
    await Promise.all([aws.close(), vault.close()]);
  });

  const flags = () => ['--endpoint', aws.endpoint, '--address', vault.endpoint];
  const env = () => ({ ...awsEnv, VAULT_TOKEN: rootToken() });
  const counts = () => ({
    GetParameters: aws.count('GetParameters'),
    BatchGetSecretValue: aws.count('BatchGetSecretValue'),
    aws: aws.count(),
    vault: vault.count(),
  });

  it('renders with exactly the batched calls of --refs, into a file of mode 0600', async () => {
    const s = await seed();
    const references = {
      ...Object.fromEntries(s.parameters.map(([name], i) => [`P${i}`, `ref+awsssm://${name}`])),
      DB_URL: `postgres://{{ ref+awssecrets://${s.base}/db#/user }}:{{ ref+awssecrets://${s.base}/db#/password }}@db:5432/app`,
      STRIPE: `ref+awssecrets://${s.base}/stripe`,
      VAULT_USER: `ref+vault://secret/${s.base}/db#/user`,
      VAULT_PASSWORD: `ref+vault://secret/${s.base}/db#/password`,
      TOKEN: `ref+vault://secret/${s.base}/token`,
      FILE_KEY: 'ref+file://local.yml#/app/key',
    };
    const template = [
      '# rendered by coffer inject',
      ...s.parameters.map(([name], i) => `p${i}: "{{ ref+awsssm://${name} }}"`),
      `url: postgres://{{ ref+awssecrets://${s.base}/db#/user }}:{{ ref+awssecrets://${s.base}/db#/password }}@db:5432/app`,
      `stripe: {{ref+awssecrets://${s.base}/stripe}}`,
      `vault: { user: {{ ref+vault://secret/${s.base}/db#/user }}, password: {{ ref+vault://secret/${s.base}/db#/password }} }`,
      `token: {{ ref+vault://secret/${s.base}/token }} # twice: {{ ref+vault://secret/${s.base}/token }}`,
      'file: {{ ref+file://local.yml#/app/key }}',
      'helm: {{ .Values.left.alone }}',
      '',
    ].join('\n');
    const folder = folderWith({
      'local.yml': `app:\n  key: ${s.fileKey}\n`,
      'app.env': Object.entries(references)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n'),
      'config.tpl': template,
    });

    const exported = await coffer(['export', '--refs', 'app.env', '--format', 'json', ...flags()], { cwd: folder, env: env() });
    const byRefs = counts();
    await Promise.all([aws.close(), vault.close()]);
    aws = await awsProxy(motoEndpoint());
    vault = await awsProxy(vaultAddress());
    const injected = await coffer(['inject', '-i', 'config.tpl', '-o', 'config.yml', ...flags()], { cwd: folder, env: env() });

    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(injected).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(counts()).toEqual(byRefs);
    expect(byRefs).toEqual({ GetParameters: 2, BatchGetSecretValue: 1, aws: 3, vault: 3 });
    const url = `postgres://${s.db.user}:${s.db.password}@db:5432/app`;
    expect(JSON.parse(exported.stdout)).toMatchObject({ DB_URL: url, P11: s.parameters[11]?.[1], FILE_KEY: s.fileKey });
    const out = join(folder, 'config.yml');
    expect(readFileSync(out, 'utf8')).toBe(
      [
        '# rendered by coffer inject',
        ...s.parameters.map(([, value], i) => `p${i}: "${value}"`),
        `url: ${url}`,
        `stripe: ${s.stripe}`,
        `vault: { user: ${s.vaultDb.user}, password: ${s.vaultDb.password} }`,
        `token: ${s.token} # twice: ${s.token}`,
        `file: ${s.fileKey}`,
        'helm: {{ .Values.left.alone }}',
        '',
      ].join('\n'),
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('writes nothing, and leaves an earlier file as it was, when one reference fails', async () => {
    const s = await seed();
    const folder = folderWith({
      'config.tpl': `a: {{ ref+awsssm://${s.parameters[0]?.[0]} }}\nb: {{ ref+vault://secret/${s.base}/nope#/password }}\n`,
      'earlier.yml': 'kept: true\n',
    });

    const fresh = await coffer(['inject', '-i', 'config.tpl', '-o', 'new.yml', ...flags()], { cwd: folder, env: env() });
    const over = await coffer(['inject', '-i', 'config.tpl', '-o', 'earlier.yml', ...flags()], { cwd: folder, env: env() });

    expectOneLineError(fresh, 1, /config\.tpl:2: Secret not found \(vault/);
    expect(fresh.stderr).not.toContain(s.parameters[0]?.[1]);
    expect(existsSync(join(folder, 'new.yml'))).toBe(false);
    expect(over.code).toBe(1);
    expect(readFileSync(join(folder, 'earlier.yml'), 'utf8')).toBe('kept: true\n');
  });
});

describe('coffer inject, local', () => {
  it('prints to stdout without -o, and refuses a bad reference before reading anything', async () => {
    const folder = folderWith({ 's.yml': 'db:\n  password: pw-12345\n', 'ok.tpl': 'pw={{ ref+file://s.yml#/db/password }}\n' });
    writeFileSync(join(folder, 'bad.tpl'), 'a={{ ref+file://s.yml#/db/password }}\nb={{ ref+nope://x/y }}\n');

    expect(await coffer(['inject', '-i', 'ok.tpl'], { cwd: folder })).toMatchObject({ code: 0, stdout: 'pw=pw-12345\n' });
    expectOneLineError(await coffer(['inject', '-i', 'bad.tpl', '-o', 'out'], { cwd: folder }), 2, /bad\.tpl:2: unknown reference scheme/);
    expectOneLineError(await coffer(['inject', '-i', 'missing.tpl'], { cwd: folder }), 2, /cannot read the template/);
    expect(existsSync(join(folder, 'out'))).toBe(false);
  });

  it('masks the secret inside a --refs value with an embedded reference in run', async () => {
    const folder = folderWith({
      's.yml': 'db:\n  password: pw-12345\n',
      'app.env': 'URL=postgres://app:{{ ref+file://s.yml#/db/password }}@db/app\n',
    });
    const child = 'console.log(process.env.URL)';
    const masked = await coffer(['run', '--refs', 'app.env', '--', process.execPath, '-e', child], { cwd: folder });
    const bare = await coffer(['export', '--refs', 'app.env'], {
      cwd: folderWith({ 'app.env': 'URL=postgres://app:ref+vault://secret/app#/pw@db\n' }),
    });
    expect(masked.stdout).toBe('postgres://app:*****@db/app\n');
    expectOneLineError(bare, 2, /URL: a reference inside a value is written \{\{ ref\+\.\.\. \}\}/);
  });
});
