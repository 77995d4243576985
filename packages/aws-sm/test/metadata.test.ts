import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { awsSm } from '@coffer/aws-sm';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import type { CallContext, Provider, RawSecret, ReadRequest } from '@coffer/core';
import { agentMissing, startAgentServer } from '../../../scripts/test-support/extension-servers';
import { credentials, directSm, motoEndpoint, region, seedSm, uniquePrefix } from './support';

const context: CallContext = { countApiCall: () => undefined };
/** The provider's batch read, as the client calls it. */
const read = async (provider: Provider, requests: ReadRequest[]) =>
  (await (provider.getMany as NonNullable<Provider['getMany']>)(requests, context)) as RawSecret[];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** A secret with two versions: the current one's id is returned. */
async function rotated(): Promise<{ name: string; versionId: string }> {
  const name = `${uniquePrefix()}/db`;
  await seedSm([{ name, value: 'old' }]);
  const put = await directSm().send(new PutSecretValueCommand({ SecretId: name, SecretString: 'new' }));
  return { name, versionId: put.VersionId as string };
}

const expected = (name: string, versionId: string) => ({
  value: 'new',
  metadata: {
    version: versionId,
    updatedAt: expect.stringMatching(ISO),
    fields: {
      ARN: expect.stringContaining(`:secret:${name}`),
      Name: name,
      VersionId: versionId,
      VersionStages: expect.arrayContaining(['AWSCURRENT']),
      CreatedDate: expect.stringMatching(ISO),
    },
  },
});

describe('aws.sm metadata', () => {
  it('returns ARN, name, version id, stages and creation date from BatchGetSecretValue and GetSecretValue', async () => {
    const { name, versionId } = await rotated();
    const provider = awsSm({ endpoint: motoEndpoint(), region, credentials });

    const [batched] = await read(provider, [{ path: name, options: {} }]);
    const [single] = await read(provider, [{ path: name, options: { versionStage: 'AWSCURRENT', versionId } }]);
    const listed = await provider.list?.({ path: name.split('/')[0] as string, recursive: true, options: {} }, context);

    expect(batched).toMatchObject(expected(name, versionId));
    expect(single).toMatchObject(expected(name, versionId));
    expect(listed?.[name]).toMatchObject(expected(name, versionId));
    await provider.close?.();
  });

  (agentMissing ? it.skip : it)(
    'returns the same fields through the Secrets Manager Agent',
    async () => {
      const { name, versionId } = await rotated();
      const server = await startAgentServer();
      const provider = awsSmExtension({ port: server.port, token: server.token });
      try {
        const [answer] = await read(provider, [{ path: name, options: {} }]);

        expect(answer).toMatchObject(expected(name, versionId));
      } finally {
        await provider.close?.();
        await server.stop();
      }
    },
    30_000,
  );
});
