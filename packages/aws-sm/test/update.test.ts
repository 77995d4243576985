import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SecretsManager } from '@coffer/aws-sm';
import { memoryCache, ValidationError } from '@coffer/core';
import { credentials, directSm, proxy, region, seedSm, uniquePrefix } from './support';

describe('aws.sm update', () => {
  it('keeps a string a SecretString and bytes a SecretBinary, writes objects as JSON, and the next read sees it', async () => {
    const prefix = uniquePrefix();
    await seedSm([
      { name: `${prefix}/text`, value: 'old' },
      { name: `${prefix}/bin`, value: new Uint8Array([1]) },
    ]);
    const sm = new SecretsManager({
      endpoint: process.env.COFFER_TEST_AWS_ENDPOINT,
      region,
      credentials,
      cache: memoryCache({ ttl: '1h' }),
    });
    expect(await sm.get(`${prefix}/text`)).toBe('old');

    await sm.update(`${prefix}/text`, 'new');
    await sm.update(`${prefix}/bin`, new Uint8Array([7, 8, 9]));
    await sm.update(`${prefix}/text`, { user: 'app' });

    expect(await sm.get(`${prefix}/text`, { keypath: ['user'] })).toBe('app');
    const text = await directSm().send(new GetSecretValueCommand({ SecretId: `${prefix}/text` }));
    const bin = await directSm().send(new GetSecretValueCommand({ SecretId: `${prefix}/bin` }));
    expect(text.SecretString).toBe('{"user":"app"}');
    expect([...(bin.SecretBinary ?? [])]).toEqual([7, 8, 9]);
    expect(bin.SecretString).toBeUndefined();
    await sm.close();
  });

  it('refuses a missing secret without create, and creates it with create', async () => {
    const name = `${uniquePrefix()}/new`;
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials });

    await expect(sm.update(name, 'v')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', path: name });
    expect(counter.count('CreateSecret')).toBe(0);
    await sm.update(name, 'v', { create: true, description: 'made by coffer' });

    expect(await sm.get(name)).toBe('v');
    expect((await directSm().send(new DescribeSecretCommand({ SecretId: name }))).Description).toBe('made by coffer');
    await sm.close();
    await counter.close();
  });

  it('rejects invalid names, oversize values and wrong option types before any request', async () => {
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
    const results = await Promise.allSettled([
      sm.get('has space'),
      sm.get('x'.repeat(513)),
      sm.get('arn:aws:secretsmanager:nowhere'),
      // @ts-expect-error versionStage is a string
      sm.get('ok', { versionStage: 5 }),
      sm.get('ok', { versionId: 'short' }),
      // @ts-expect-error aws.sm has no decrypt option
      sm.get('ok', { decrypt: true }),
      sm.getByPath('has space'),
      sm.pathExists('bad#name'),
      sm.update('ok', 'x'.repeat(65_537)),
      sm.update('ok', new Uint8Array(65_537)),
      // @ts-expect-error kmsKeyId is a string
      sm.update('ok', 'v', { kmsKeyId: 1 }),
    ]);

    for (const [i, result] of results.entries())
      expect([i, (result as PromiseRejectedResult).reason]).toEqual([i, expect.any(ValidationError)]);
    expect(counter.count()).toBe(0);
    expect(sm.stats().apiCalls).toBe(0);
    await sm.close();
    await counter.close();
  });
});
