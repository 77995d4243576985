import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { awsPs } from '@coffer/aws-ps';
import type { CallContext, Provider, RawSecret, ReadRequest } from '@coffer/core';
import { pairParameters } from '../src/read';
import { credentials, directSsm, motoEndpoint, region, uniquePrefix } from './support';

const context: CallContext = { countApiCall: () => undefined };
/** The provider's batch read, as the client calls it. */
const read = async (provider: Provider, requests: ReadRequest[]) =>
  (await (provider.getMany as NonNullable<Provider['getMany']>)(requests, context)) as RawSecret[];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('aws.ps metadata', () => {
  it('returns the version, modification date, ARN, type and data type of a read, of each version read', async () => {
    const name = `/${uniquePrefix()}/db/password`;
    await directSsm().send(new PutParameterCommand({ Name: name, Value: 'one', Type: 'SecureString' }));
    await directSsm().send(new PutParameterCommand({ Name: name, Value: 'two', Type: 'SecureString', Overwrite: true }));
    const provider = awsPs({ endpoint: motoEndpoint(), region, credentials });

    const [latest, first] = await read(provider, [
      { path: name, options: { decrypt: true } },
      { path: `${name}:1`, options: { decrypt: true } },
    ]);

    expect(latest).toMatchObject({
      value: 'two',
      metadata: {
        version: '2',
        updatedAt: expect.stringMatching(ISO),
        fields: { Version: 2, Type: 'SecureString', DataType: 'text', ARN: expect.stringContaining(`parameter${name}`) },
      },
    });
    expect(latest?.metadata?.fields?.LastModifiedDate).toBe(latest?.metadata?.updatedAt);
    expect(first).toMatchObject({ value: 'one', metadata: { version: '1', fields: { Version: 1 } } });
    await provider.close?.();
  });

  it('keeps the Selector AWS names a selected version by (moto leaves it out)', () => {
    const answer = { Name: '/a', Selector: ':prod', Version: 4, Value: 'v', Type: 'String' as const, DataType: 'text' };

    const [paired] = pairParameters([{ path: '/a:prod', options: { decrypt: true } }], [answer], []);

    expect(paired).toMatchObject({ value: 'v', metadata: { version: '4', fields: { Selector: ':prod', Version: 4, Type: 'String' } } });
  });

  it('returns metadata with each parameter of a listing', async () => {
    const prefix = `/${uniquePrefix()}`;
    await directSsm().send(new PutParameterCommand({ Name: `${prefix}/a`, Value: 'x,y', Type: 'StringList' }));
    const provider = awsPs({ endpoint: motoEndpoint(), region, credentials });

    const listed = await provider.list?.({ path: prefix, recursive: true, options: { decrypt: true } }, context);

    expect(listed?.[`${prefix}/a`]).toMatchObject({ value: 'x,y', list: true, metadata: { version: '1', fields: { Type: 'StringList' } } });
    await provider.close?.();
  });
});
