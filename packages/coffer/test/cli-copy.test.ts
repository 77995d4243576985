import { randomBytes } from 'node:crypto';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { admin, describeVault, address as vaultAddress, rootToken } from '../../vault/test/support';
import { buildCli, coffer, expectOneLineError, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const unique = () => `t${randomBytes(5).toString('hex')}`;
const env = () => ({
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_REGION: region,
  VAULT_ADDR: vaultAddress(),
  VAULT_TOKEN: rootToken(),
});
const at = () => ['--endpoint', motoEndpoint()];
const copy = (...args: string[]) => coffer(['copy', ...args, ...at()], { env: env() });

const ssm = new SSMClient({ region, credentials, endpoint: motoEndpoint() });
const sm = new SecretsManagerClient({ region, credentials, endpoint: motoEndpoint() });
afterAll(() => {
  ssm.destroy();
  sm.destroy();
});

/** Every parameter under a path: name (below the path) → type and value. */
async function parametersUnder(path: string): Promise<Record<string, { type?: string; value?: string }>> {
  const out: Record<string, { type?: string; value?: string }> = {};
  let token: string | undefined;
  do {
    const page = await ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: true, NextToken: token }));
    for (const p of page.Parameters ?? []) out[(p.Name as string).slice(path.length)] = { type: p.Type, value: p.Value };
    token = page.NextToken;
  } while (token);
  return out;
}

describe('coffer copy and diff on aws.ps (moto)', () => {
  it('changes nothing on a dry run, copies every value and type with --yes, then finds all unchanged', async () => {
    const [from, to] = [`/${unique()}/app`, `/${unique()}/copy`];
    const seeded = {
      '/plain': { type: 'String', value: `plain-${secret()}` },
      '/db/password': { type: 'SecureString', value: `pw-${secret()}` },
      '/hosts': { type: 'StringList', value: 'a.internal,b.internal' },
      '/deep/er/token': { type: 'SecureString', value: '{"token": "t-1", "n": 2}' },
    };
    for (const [name, { type, value }] of Object.entries(seeded)) {
      await ssm.send(new PutParameterCommand({ Name: `${from}${name}`, Value: value, Type: type as 'String' }));
    }

    const dry = await copy(`aws.ps:${from}`, `aws.ps:${to}`, '--dry-run');
    const afterDry = await parametersUnder(to);
    const real = await copy(`aws.ps:${from}`, `aws.ps:${to}`, '--yes');
    const copied = await parametersUnder(to);
    const again = await copy(`aws.ps:${from}`, `aws.ps:${to}`, '--yes');
    const diff = await coffer(['diff', `aws.ps:${from}`, `aws.ps:${to}`, ...at()], { env: env() });

    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain(`+ added     ${from}/db/password -> aws.ps:${to}/db/password\n`);
    expect(dry.stdout).toMatch(/4 added, 0 changed, 0 unchanged\n$/);
    expect(afterDry).toEqual({});
    expect(real).toMatchObject({ code: 0, stderr: '' });
    expect(copied).toEqual(seeded);
    expect(again.stdout).toMatch(/0 added, 0 changed, 4 unchanged\n$/);
    expect(diff).toMatchObject({ code: 0, stdout: again.stdout, stderr: '' });
    for (const { value } of Object.values(seeded)) expect(`${dry.stdout}${real.stdout}${diff.stdout}`).not.toContain(value);
  });

  it('writes nothing without --yes, and replaces a different value only with --overwrite', async () => {
    const [from, to] = [`/${unique()}/app`, `/${unique()}/copy`];
    await ssm.send(new PutParameterCommand({ Name: `${from}/a`, Value: 'new-value', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: `${from}/b`, Value: 'same-value', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${to}/a`, Value: 'old-value', Type: 'SecureString' }));

    const unconfirmed = await copy(`aws.ps:${from}`, `aws.ps:${to}`);
    const refused = await copy(`aws.ps:${from}`, `aws.ps:${to}`, '--yes');
    const before = await parametersUnder(to);
    const replaced = await copy(`aws.ps:${from}`, `aws.ps:${to}`, '--yes', '--overwrite');

    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toBe('coffer: nothing written: run again with --yes to copy\n');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(`~ changed   ${from}/a -> aws.ps:${to}/a\n`);
    expect(refused.stderr).toMatch(/1 secret\(s\) at DST hold another value; add --overwrite/);
    expect(before).toEqual({ '/a': { type: 'SecureString', value: 'old-value' } });
    expect(replaced.code).toBe(0);
    expect(await parametersUnder(to)).toEqual({
      '/a': { type: 'SecureString', value: 'new-value' },
      '/b': { type: 'String', value: 'same-value' },
    });
  });

  it('lists each aws.ps side once, taking every type from the listing, and keeps SecureString', async () => {
    const [from, to] = [`/${unique()}/app`, `/${unique()}/copy`];
    await ssm.send(new PutParameterCommand({ Name: `${from}/db/password`, Value: `pw-${secret()}`, Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: `${from}/hosts`, Value: 'a,b', Type: 'StringList' }));
    await ssm.send(new PutParameterCommand({ Name: `${to}/other`, Value: `o-${secret()}`, Type: 'SecureString' }));
    const proxy = await awsProxy(motoEndpoint());

    try {
      const copied = await coffer(['copy', `aws.ps:${from}`, `aws.ps:${to}`, '--yes', '--stats', '--endpoint', proxy.endpoint], {
        env: env(),
      });

      expect(copied.code).toBe(0);
      // --stats counts the listings too, though they go to the provider directly.
      expect(copied.stderr).toMatch(new RegExp(`^coffer: aws\\.ps stats: .*apiCalls=${proxy.count()} `));
      // One page for each side; a second listing without decryption would double it.
      expect(proxy.count('GetParametersByPath')).toBe(2);
      expect(proxy.count('PutParameter')).toBe(2);
      const there = await parametersUnder(to);
      expect(there['/db/password']?.type).toBe('SecureString');
      expect(there['/hosts']).toEqual({ type: 'StringList', value: 'a,b' });
    } finally {
      await proxy.close();
    }
  });

  it('refuses a side that is not provider:path, and a source with nothing under it', async () => {
    expectOneLineError(await copy('aws.ps', 'aws.ps:/x'), 2, /SRC is provider:path/);
    expectOneLineError(await copy(`aws.ps:/${unique()}`, 'aws.ps:/x', '--dry-run'), 2, /nothing to copy: no secret under aws\.ps:/);
  });
});

describeVault('coffer copy between Vault (OpenBao) and aws.sm (moto)', () => {
  it('round-trips fields and text from Vault to aws.sm and back, then finds all unchanged', async () => {
    const base = unique();
    const fields = { user: 'app', password: `pw-${secret()}` };
    const token = `tok-${secret()}`;
    await admin('POST', `secret/data/${base}/app/db`, { data: fields });
    await admin('POST', `secret/data/${base}/app/token`, { data: { value: token } });

    const dry = await copy(`vault:${base}/app`, `aws.sm:${base}/app`, '--dry-run');
    const afterDry = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [`${base}/`] }] }));
    const there = await copy(`vault:${base}/app`, `aws.sm:${base}/app`, '--yes');
    const db = await sm.send(new GetSecretValueCommand({ SecretId: `${base}/app/db` }));
    const text = await sm.send(new GetSecretValueCommand({ SecretId: `${base}/app/token` }));
    const back = await copy(`aws.sm:${base}/app`, `vault:${base}/back`, '--yes');
    const fieldsBack = await admin('GET', `secret/data/${base}/back/db`);
    const tokenBack = await admin('GET', `secret/data/${base}/back/token`);
    const again = await copy(`aws.sm:${base}/app`, `vault:${base}/back`, '--yes');
    const diff = await coffer(['diff', `vault:${base}/app`, `aws.sm:${base}/app`, ...at()], { env: env() });

    expect(dry.stdout).toMatch(/2 added, 0 changed, 0 unchanged\n$/);
    expect(afterDry.SecretValues ?? []).toEqual([]);
    expect(there).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(db.SecretString as string)).toEqual(fields);
    expect(text.SecretString).toBe(token);
    expect(back).toMatchObject({ code: 0, stderr: '' });
    expect(fieldsBack?.data.data).toEqual(fields);
    expect(tokenBack?.data.data).toEqual({ value: token });
    expect(again.stdout).toMatch(/0 added, 0 changed, 2 unchanged\n$/);
    expect(diff.stdout).toMatch(/0 added, 0 changed, 2 unchanged\n$/);
    expect(`${dry.stdout}${there.stdout}${back.stdout}${diff.stdout}`).not.toContain(fields.password);
  });

  it('keeps a binary secret binary from aws.sm to aws.sm', async () => {
    const base = unique();
    const bytes = Uint8Array.from(randomBytes(32));
    await sm.send(new CreateSecretCommand({ Name: `${base}/src/key`, SecretBinary: bytes }));

    const result = await copy(`aws.sm:${base}/src`, `aws.sm:${base}/dst`, '--yes');
    const copied = await sm.send(new GetSecretValueCommand({ SecretId: `${base}/dst/key` }));
    const again = await copy(`aws.sm:${base}/src`, `aws.sm:${base}/dst`, '--dry-run');

    expect(result.code).toBe(0);
    expect(copied.SecretString).toBeUndefined();
    expect(Buffer.from(copied.SecretBinary as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(again.stdout).toMatch(/0 added, 0 changed, 1 unchanged\n$/);
  });
});
