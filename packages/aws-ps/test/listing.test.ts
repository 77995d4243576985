import { GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsPs, ParameterStore } from '@coffer/aws-ps';
import { createClient, memoryCache } from '@coffer/core';
import { mockClient } from 'aws-sdk-client-mock';
import { credentials, directSsm, proxy, region, seedSsm, uniquePrefix } from './support';

async function seedTree(prefix: string): Promise<string[]> {
  const names = [
    ...Array.from({ length: 5 }, (_, i) => `${prefix}/top${i}`),
    ...Array.from({ length: 10 }, (_, i) => `${prefix}/mid/m${i}`),
    ...Array.from({ length: 10 }, (_, i) => `${prefix}/mid/deep/d${i}`),
  ];
  await seedSsm(names.map((name) => ({ name, value: `v:${name}` })));
  return names;
}

describe('aws.ps getByPath', () => {
  it('returns all 25 parameters nested three levels deep, paging through GetParametersByPath', async () => {
    const prefix = uniquePrefix();
    const names = await seedTree(prefix);
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const all = await ps.getByPath(prefix);

    expect(Object.keys(all).sort()).toEqual([...names].sort());
    expect(all[`${prefix}/mid/deep/d3`]).toBe(`v:${prefix}/mid/deep/d3`);
    expect(counter.count('GetParametersByPath')).toBeGreaterThanOrEqual(3);
    await ps.close();
    await counter.close();
  });

  it('returns only the first level when not recursive', async () => {
    const prefix = uniquePrefix();
    const names = await seedTree(prefix);
    const ps = new ParameterStore({ endpoint: directEndpoint(), region, credentials, cache: memoryCache() });

    const firstLevel = await ps.getByPath(`${prefix}/`, { recursive: false });

    expect(Object.keys(firstLevel).sort()).toEqual(names.slice(0, 5).sort());
    await ps.close();
  });

  it('filters by type and by KMS key id', async () => {
    const prefix = uniquePrefix();
    const ssm = directSsm();
    await ssm.send(new PutParameterCommand({ Name: `${prefix}/plain`, Value: 'p', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${prefix}/default-key`, Value: 's1', Type: 'SecureString' }));
    await ssm.send(
      new PutParameterCommand({ Name: `${prefix}/custom-key`, Value: 's2', Type: 'SecureString', KeyId: 'alias/coffer-filter' }),
    );
    const ps = new ParameterStore({ endpoint: directEndpoint(), region, credentials, cache: memoryCache() });

    expect(Object.keys(await ps.getByPath(prefix, { type: 'SecureString' })).sort()).toEqual([
      `${prefix}/custom-key`,
      `${prefix}/default-key`,
    ]);
    expect(await ps.getByPath(prefix, { kmsKeyId: 'alias/coffer-filter' })).toEqual({ [`${prefix}/custom-key`]: 's2' });
    await ps.close();
  });

  it('keeps paging past an empty page that still carries a NextToken', async () => {
    const ssm = new SSMClient({ region, credentials });
    const mock = mockClient(ssm);
    mock
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: [{ Name: '/e/a', Value: '1', Type: 'String' }], NextToken: 't1' })
      .resolvesOnce({ Parameters: [], NextToken: 't2' })
      .resolvesOnce({ Parameters: [{ Name: '/e/b', Value: '2', Type: 'String' }] });
    const client = createClient({ provider: awsPs({ client: ssm }), cache: false });

    expect(await client.getByPath('/e')).toEqual({ '/e/a': '1', '/e/b': '2' });
    expect(mock.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input.NextToken)).toEqual([undefined, 't1', 't2']);
    expect(client.stats().apiCalls).toBe(3);
    mock.restore();
  });
});

function directEndpoint(): string {
  return process.env.COFFER_TEST_AWS_ENDPOINT as string;
}
