import { DescribeParametersCommand, GetParametersCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache } from '@coffer/core';
import { credentials, directSsm, proxy, region, uniquePrefix } from './support';

async function metadata(name: string) {
  const response = await directSsm().send(
    new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }),
  );
  return response.Parameters?.[0];
}

describe('aws.ps update', () => {
  it('keeps SecureString, the custom KMS key, tier and description, and the next read returns the new value', async () => {
    const name = `${uniquePrefix()}/db/password`;
    await directSsm().send(
      new PutParameterCommand({
        Name: name,
        Value: 'old-pw',
        Type: 'SecureString',
        KeyId: 'alias/coffer-custom',
        Tier: 'Advanced',
        Description: 'db password',
      }),
    );
    const ps = new ParameterStore({
      endpoint: process.env.COFFER_TEST_AWS_ENDPOINT,
      region,
      credentials,
      cache: memoryCache({ ttl: '1h' }),
    });
    expect(await ps.get(name)).toBe('old-pw');

    await ps.update(name, 'new-pw');

    expect(await ps.get(name)).toBe('new-pw');
    expect(await metadata(name)).toMatchObject({
      Type: 'SecureString',
      KeyId: 'alias/coffer-custom',
      Tier: 'Advanced',
      Description: 'db password',
      Version: 2,
    });
    await ps.close();
  });

  it('refuses a missing name without create, writing nothing', async () => {
    const name = `${uniquePrefix()}/absent`;
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials });

    await expect(ps.update(name, 'v')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', path: name });

    expect(counter.count('PutParameter')).toBe(0);
    expect((await directSsm().send(new GetParametersCommand({ Names: [name] }))).InvalidParameters).toEqual([name]);
    await ps.close();
    await counter.close();
  });

  it('creates a SecureString by default, or the type and KMS key asked for', async () => {
    const prefix = uniquePrefix();
    const ps = new ParameterStore({ endpoint: process.env.COFFER_TEST_AWS_ENDPOINT, region, credentials });

    await ps.update(`${prefix}/default`, 'x', { create: true });
    await ps.update(`${prefix}/plain`, 'y', { create: true, type: 'String' });
    await ps.update(`${prefix}/keyed`, 'z', { create: true, kmsKeyId: 'alias/coffer-made' });

    expect(await metadata(`${prefix}/default`)).toMatchObject({ Type: 'SecureString' });
    expect(await metadata(`${prefix}/plain`)).toMatchObject({ Type: 'String' });
    expect(await metadata(`${prefix}/keyed`)).toMatchObject({ Type: 'SecureString', KeyId: 'alias/coffer-made' });
    expect(await ps.getByPath(prefix)).toEqual({ [`${prefix}/default`]: 'x', [`${prefix}/plain`]: 'y', [`${prefix}/keyed`]: 'z' });
    await ps.close();
  });

  it('writes a string[] as a StringList and an object as JSON', async () => {
    const prefix = uniquePrefix();
    const ps = new ParameterStore({ endpoint: process.env.COFFER_TEST_AWS_ENDPOINT, region, credentials });

    await ps.update(`${prefix}/list`, ['a', 'b'], { create: true });
    await ps.update(`${prefix}/obj`, { port: 5432 }, { create: true, type: 'String' });

    expect(await metadata(`${prefix}/list`)).toMatchObject({ Type: 'StringList' });
    expect(await ps.get(`${prefix}/list`)).toEqual(['a', 'b']);
    expect(await ps.get(`${prefix}/obj`, { keypath: ['port'] })).toBe(5432);
    await ps.close();
  });

  it('refuses a value over 4 KB for a standard parameter before writing it', async () => {
    const name = `${uniquePrefix()}/standard`;
    await directSsm().send(new PutParameterCommand({ Name: name, Value: 'small', Type: 'String' }));
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials });

    await expect(ps.update(name, 'x'.repeat(5000))).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    expect(counter.count('PutParameter')).toBe(0);
    expect(await ps.get(name)).toBe('small');
    await ps.close();
    await counter.close();
  });
});
