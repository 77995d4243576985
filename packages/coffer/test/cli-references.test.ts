import { randomBytes } from 'node:crypto';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { admin, describeVault, address as vaultAddress, rootToken } from '../../vault/test/support';
import { buildCli, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const unique = () => `t${randomBytes(5).toString('hex')}`;

describeVault('coffer run with one reference file mixing aws.ps, aws.sm, vault and file', () => {
  let aws: AwsProxy;
  let vault: AwsProxy;
  const ssm = new SSMClient({ region, credentials, endpoint: motoEndpoint() });
  const sm = new SecretsManagerClient({ region, credentials, endpoint: motoEndpoint() });
  beforeEach(async () => {
    aws = await awsProxy(motoEndpoint());
    vault = await awsProxy(vaultAddress());
  });
  afterEach(async () => {
    await Promise.all([aws.close(), vault.close()]);
  });
  afterAll(() => {
    ssm.destroy();
    sm.destroy();
  });

  it('gives the child every value, with the batched minimum of AWS calls and one read per Vault secret', async () => {
    const base = unique();
    // 12 parameters: two GetParameters calls (10 names each at most).
    const parameters = Array.from({ length: 12 }, (_, i) => [`P${i}`, `/${base}/app/p${i}`, `param-${i}-${secret()}`] as const);
    await Promise.all(
      parameters.map(([, name, value]) => ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString' }))),
    );
    // 3 secrets, two keys taken from one of them: one BatchGetSecretValue call.
    const smValues = { user: `u-${secret()}`, password: `p-${secret()}`, stripe: `k-${secret()}`, plain: `t-${secret()}` };
    await sm.send(
      new CreateSecretCommand({ Name: `${base}/db`, SecretString: JSON.stringify({ user: smValues.user, password: smValues.password }) }),
    );
    await sm.send(new CreateSecretCommand({ Name: `${base}/stripe`, SecretString: JSON.stringify({ key: smValues.stripe }) }));
    await sm.send(new CreateSecretCommand({ Name: `${base}/plain`, SecretString: smValues.plain }));
    // 2 Vault secrets: three keys taken from the first, the whole text of the second.
    const vaultDb = { host: 'db.internal', user: `vu-${secret()}`, password: `vp-${secret()}` };
    const vaultToken = `vt-${secret()}`;
    await admin('POST', `secret/data/${base}/db`, { data: vaultDb });
    await admin('POST', `secret/data/${base}/token`, { data: { value: vaultToken } });
    const fileValue = `f-${secret()}`;
    const folder = folderWith({
      'local.yml': `app:\n  feature: "on"\n  key: ${fileValue}\n`,
      'app.env': [
        '# one file, four providers',
        ...parameters.map(([variable, name]) => `${variable}=ref+awsssm://${name}`),
        `SM_USER=ref+awssecrets://${base}/db#/user`,
        `SM_PASSWORD="ref+awssecrets://${base}/db#/password"`,
        `STRIPE_KEY=ref+awssecrets://${base}/stripe#/key`,
        `SM_PLAIN=ref+awssecrets://${base}/plain`,
        `DB_HOST=ref+vault://secret/${base}/db#/host`,
        `DB_USER=ref+vault://secret/${base}/db#/user`,
        `DB_PASSWORD=ref+vault://secret/${base}/db#/password`,
        `API_TOKEN=ref+vault://secret/${base}/token`,
        'FEATURE=ref+file://local.yml#/app/feature',
        'FILE_KEY=ref+file://local.yml#/app/key',
        'PORT=8080',
        '',
      ].join('\n'),
    });
    const names = [
      ...parameters.map(([variable]) => variable),
      'SM_USER',
      'SM_PASSWORD',
      'STRIPE_KEY',
      'SM_PLAIN',
      'DB_HOST',
      'DB_USER',
      'DB_PASSWORD',
      'API_TOKEN',
      'FEATURE',
      'FILE_KEY',
      'PORT',
    ];

    const result = await coffer(
      [
        'run',
        '--no-mask',
        '--refs',
        'app.env',
        '--endpoint',
        aws.endpoint,
        '--address',
        vault.endpoint,
        '--',
        process.execPath,
        '-e',
        `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n]]))))`,
      ],
      {
        cwd: folder,
        env: {
          AWS_ACCESS_KEY_ID: credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
          AWS_REGION: region,
          VAULT_TOKEN: rootToken(),
        },
      },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ...Object.fromEntries(parameters.map(([variable, , value]) => [variable, value])),
      SM_USER: smValues.user,
      SM_PASSWORD: smValues.password,
      STRIPE_KEY: smValues.stripe,
      SM_PLAIN: smValues.plain,
      DB_HOST: vaultDb.host,
      DB_USER: vaultDb.user,
      DB_PASSWORD: vaultDb.password,
      API_TOKEN: vaultToken,
      FEATURE: 'on',
      FILE_KEY: fileValue,
      PORT: '8080',
    });
    expect(aws.count('GetParameters')).toBe(2);
    expect(aws.count('BatchGetSecretValue')).toBe(1);
    expect(aws.count()).toBe(3);
    expect(vault.count(`GET /v1/secret/data/${base}/db`)).toBe(1);
    expect(vault.count(`GET /v1/secret/data/${base}/token`)).toBe(1);
    // Besides the two reads, only the one look at the mount's KV version.
    expect(vault.count()).toBe(3);
  });

  it('prints the variables with export, and reports a bad reference in one line naming the variable', async () => {
    const base = unique();
    await admin('POST', `secret/data/${base}/db`, { data: { password: 'pw' } });
    const folder = folderWith({ 'ok.env': `DB_PASSWORD=ref+vault://secret/${base}/db#/password\n`, 'bad.env': 'X=ref+nope://a/b\n' });
    const env = { VAULT_ADDR: vaultAddress(), VAULT_TOKEN: rootToken() };
    const exported = await coffer(['export', '--refs', 'ok.env', '--format', 'json'], { cwd: folder, env });
    expect(JSON.parse(exported.stdout)).toEqual({ DB_PASSWORD: 'pw' });
    expectOneLineError(await coffer(['export', '--refs', 'bad.env'], { cwd: folder, env }), 2, /X: unknown reference scheme ref\+nope/);
  });

  it('never prints the Vault token, even with --debug on a refused read', async () => {
    const token = `hvs.${secret()}`;
    const folder = folderWith({ 'app.env': 'A=ref+vault://secret/app/db#/password\n' });
    const result = await coffer(['run', '--debug', '--refs', 'app.env', '--', 'true'], {
      cwd: folder,
      env: { VAULT_ADDR: vaultAddress(), VAULT_TOKEN: token },
    });
    const single = await coffer(['get', 'vault', 'app/db', '--debug', '--json'], {
      env: { VAULT_ADDR: vaultAddress(), VAULT_TOKEN: token },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/A: Vault answered 403/);
    expect(single.code).toBe(3);
    expect(`${result.stdout}${result.stderr}${single.stdout}${single.stderr}`).not.toContain(token);
  });
});
