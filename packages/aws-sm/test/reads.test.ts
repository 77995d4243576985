import {
  BatchGetSecretValueCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { awsSm, SecretsManager } from '@coffer/aws-sm';
import { createClient, memoryCache } from '@coffer/core';
import { mockClient } from 'aws-sdk-client-mock';
import { credentials, directSm, proxy, region, seedSm, uniquePrefix } from './support';

const denyBatch = (request: { operation: string }) =>
  request.operation === 'BatchGetSecretValue' ? { status: 400, type: 'AccessDeniedException' } : undefined;

describe('aws.sm reads', () => {
  it('serves 1,000 concurrent cold reads of 100 secrets with at most 5 BatchGetSecretValue requests', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 100 }, (_, i) => `${prefix}/s${i}`);
    await seedSm(names.map((name, i) => ({ name, value: `secret-${i}` })));
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => sm.get(names[i % 100] as string)));

    expect(values.every((value, i) => value === `secret-${i % 100}`)).toBe(true);
    expect(counter.count('BatchGetSecretValue')).toBe(5);
    expect(counter.count()).toBe(counter.count('BatchGetSecretValue'));
    await sm.close();
    await counter.close();
  });

  it('falls back to one GetSecretValue each when BatchGetSecretValue is denied, and remembers it', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 4 }, (_, i) => `${prefix}/s${i}`);
    await seedSm(names.map((name, i) => ({ name, value: `v${i}` })));
    const counter = await proxy();
    counter.fault(denyBatch);
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    expect(await Promise.all(names.slice(0, 2).map((name) => sm.get(name)))).toEqual(['v0', 'v1']);
    expect(await Promise.all(names.slice(2).map((name) => sm.get(name)))).toEqual(['v2', 'v3']);
    await expect(sm.get(`${prefix}/missing`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });

    expect(counter.count('BatchGetSecretValue')).toBe(1);
    expect(counter.count('GetSecretValue')).toBe(5);
    await sm.close();
    await counter.close();
  });

  it('lists by prefix through BatchGetSecretValue pages, or ListSecrets and GetSecretValue where batch reads are denied', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 25 }, (_, i) => `${prefix}/app/k${String(i).padStart(2, '0')}`);
    await seedSm([...names.map((name) => ({ name, value: `v:${name}` })), { name: `${prefix}/other`, value: 'x' }]);
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
    const denied = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const listed = await sm.getByPath(`${prefix}/app`);
    counter.fault(denyBatch);
    const listedSingly = await denied.getByPath(`${prefix}/app`);

    expect(Object.keys(listed).sort()).toEqual(names);
    expect(listedSingly).toEqual(listed);
    expect(counter.count('BatchGetSecretValue')).toBe(2 + 1);
    expect(counter.count('ListSecrets')).toBe(1);
    expect(counter.count('GetSecretValue')).toBe(25);
    await sm.close();
    await denied.close();
    await counter.close();
  });

  it('reads a version by versionStage or versionId through GetSecretValue', async () => {
    const name = `${uniquePrefix()}/rotated`;
    await seedSm([{ name, value: 'first' }]);
    const put = await directSm().send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }));
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const [current, previous, byId, explicitCurrent] = await Promise.all([
      sm.get(name),
      sm.get(name, { versionStage: 'AWSPREVIOUS' }),
      sm.get(name, { versionId: put.VersionId }),
      sm.get(name, { versionStage: 'AWSCURRENT' }),
    ]);

    expect([current, previous, byId, explicitCurrent]).toEqual(['second', 'first', 'second', 'second']);
    expect(counter.count('GetSecretValue')).toBe(2);
    expect(counter.count('BatchGetSecretValue')).toBe(1);
    await sm.close();
    await counter.close();
  });

  it('answers pathExists with DescribeSecret, then ListSecrets for a folder, never reading the value', async () => {
    const name = `${uniquePrefix()}/present`;
    await seedSm([{ name, value: 'v' }]);
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials });

    expect(await sm.pathExists(name)).toBe(true);
    expect(await sm.pathExists(`${name}-not`)).toBe(false);

    expect(counter.requests.map((request) => request.operation)).toEqual(['DescribeSecret', 'DescribeSecret', 'ListSecrets']);
    await sm.close();
    await counter.close();
  });

  it('lists one level under path/ when not recursive', async () => {
    const prefix = uniquePrefix();
    await seedSm([
      { name: `${prefix}/app/a`, value: '1' },
      { name: `${prefix}/app/sub/b`, value: '2' },
    ]);
    const sm = new SecretsManager({ endpoint: process.env.COFFER_TEST_AWS_ENDPOINT, region, credentials });

    expect(await sm.getByPath(`${prefix}/app/`, { recursive: false })).toEqual({ [`${prefix}/app/a`]: '1' });
    expect(Object.keys(await sm.getByPath(`${prefix}/app/`)).sort()).toEqual([`${prefix}/app/a`, `${prefix}/app/sub/b`]);
    await sm.close();
  });

  it('answers pathExists false for a secret scheduled for deletion', async () => {
    const name = `${uniquePrefix()}/doomed`;
    await seedSm([{ name, value: 'v' }]);
    await directSm().send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    const sm = new SecretsManager({ endpoint: process.env.COFFER_TEST_AWS_ENDPOINT, region, credentials });

    expect(await sm.pathExists(name)).toBe(false);
    await sm.close();
  });

  it('keeps a per-secret batch error with its own caller', async () => {
    const client = new SecretsManagerClient({ region, credentials });
    const mock = mockClient(client);
    mock.on(BatchGetSecretValueCommand).resolves({
      SecretValues: [{ Name: 'ok', SecretString: 'fine' }],
      Errors: [
        { SecretId: 'locked', ErrorCode: 'DecryptionFailure', Message: 'KMS said no' },
        { SecretId: 'gone', ErrorCode: 'ResourceNotFoundException', Message: 'not here' },
      ],
    });
    const sm = createClient({ provider: awsSm({ client }), cache: false });

    const [ok, locked, gone] = await Promise.allSettled([sm.get('ok'), sm.get('locked'), sm.get('gone')]);

    expect(ok).toEqual({ status: 'fulfilled', value: 'fine' });
    expect(locked).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_ERROR', transient: false, path: 'locked' } });
    expect(gone).toMatchObject({ status: 'rejected', reason: { code: 'SECRET_NOT_FOUND', path: 'gone' } });
    expect(mock.commandCalls(BatchGetSecretValueCommand)).toHaveLength(1);
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    mock.restore();
  });
});
