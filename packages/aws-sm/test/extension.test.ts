import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { SecretsManager } from '@coffer/aws-sm';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import { createClient, memoryCache } from '@coffer/core';
import {
  agentMissing,
  extensionTransportOptions,
  type ProtocolServer,
  protocolTargets,
} from '../../../scripts/test-support/extension-servers';
import { credentials, directSm, region, seedSm, uniquePrefix } from './support';

if (agentMissing) {
  it.skip(`aws.sm through the Secrets Manager Agent is skipped: ${agentMissing}`, () => undefined);
}

describe.each(protocolTargets)('aws.sm through the extension protocol of $name', (target) => {
  let server: ProtocolServer;
  beforeAll(async () => {
    server = await target.start();
  }, 30_000);
  afterAll(() => server.stop());

  const client = () => createClient({ provider: awsSmExtension({ port: server.port, token: server.token }), cache: memoryCache() });

  it('reads text, a key of a JSON secret and a binary secret as bytes', async () => {
    const prefix = uniquePrefix();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await seedSm([
      { name: `${prefix}/text`, value: '12345' },
      { name: `${prefix}/json`, value: '{"user":"app","password":"pw"}' },
      { name: `${prefix}/binary`, value: bytes },
    ]);
    const sm = client();

    expect(await sm.get(`${prefix}/text`)).toBe('12345');
    expect(await sm.get(`${prefix}/json`, { keypath: ['password'] })).toBe('pw');
    const binary = await sm.get(`${prefix}/binary`);
    expect(binary).toBeInstanceOf(Uint8Array);
    expect([...(binary as Uint8Array)]).toEqual([...bytes]);
    await sm.close();
  });

  it('reads a versionStage and a versionId', async () => {
    const name = `${uniquePrefix()}/rotated`;
    await seedSm([{ name, value: 'old' }]);
    const put = await directSm().send(new PutSecretValueCommand({ SecretId: name, SecretString: 'new' }));
    const sm = client();

    expect(await sm.get(name)).toBe('new');
    expect(await sm.get(name, { versionStage: 'AWSPREVIOUS' })).toBe('old');
    expect(await sm.get(name, { versionId: put.VersionId as string })).toBe('new');
    await sm.close();
  });

  it('answers a missing secret with SecretNotFoundError, or the default, and pathExists with false', async () => {
    const prefix = uniquePrefix();
    await seedSm([{ name: `${prefix}/here`, value: 'x' }]);
    const sm = client();

    await expect(sm.get(`${prefix}/missing`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(await sm.get(`${prefix}/missing`, { default: 'fallback' })).toBe('fallback');
    expect(await sm.pathExists(`${prefix}/missing`)).toBe(false);
    expect(await sm.pathExists(`${prefix}/here`)).toBe(true);
    await sm.close();
  });

  it('makes one request for concurrent reads of one secret, and none for cached reads', async () => {
    const name = `${uniquePrefix()}/hot`;
    await seedSm([{ name, value: 'v' }]);
    const sm = client();

    const values = await Promise.all(Array.from({ length: 20 }, () => sm.get(name)));
    await sm.get(name);

    expect(values.every((value) => value === 'v')).toBe(true);
    expect(sm.stats().apiCalls).toBe(1);
    await sm.close();
  });

  it('refuses a wrong token with a ProviderError that is not transient and quotes nothing it was sent', async () => {
    const name = `${uniquePrefix()}/guarded`;
    await seedSm([{ name, value: 'x' }]);
    const sm = createClient({ provider: awsSmExtension({ port: server.port, token: 'wrong-token-value' }), cache: false });

    const error = (await sm.get(name).then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error & { transient?: boolean };
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
    expect(error.message).toMatch(/HTTP 403/);
    expect(error.message).not.toMatch(/wrong-token-value|Bad Token/);
    await sm.close();
  });

  it('says what to do for getByPath and update, without a request', async () => {
    const sm = client();
    await expect(sm.getByPath('prod/')).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/@coffer\/aws-sm/) });
    await expect(sm.update('prod/db', 'x')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(sm.stats().apiCalls).toBe(0);
    await sm.close();
  });

  it("reads through it with SecretsManager's transport option, and lists through the SDK", async () => {
    const prefix = uniquePrefix();
    await seedSm([{ name: `${prefix}/a`, value: 'A' }]);
    const sm = new SecretsManager(extensionTransportOptions(server));

    expect(await sm.get(`${prefix}/a`)).toBe('A');
    expect(await sm.getByPath(`${prefix}/`)).toEqual({ [`${prefix}/a`]: 'A' });
    await sm.close();
  });

  it('is chosen by COFFER_AWS_TRANSPORT=extension, with the port of PARAMETERS_SECRETS_EXTENSION_HTTP_PORT', async () => {
    const name = `${uniquePrefix()}/env`;
    await seedSm([{ name, value: 'from env' }]);
    const saved = { ...process.env };
    Object.assign(process.env, {
      COFFER_AWS_TRANSPORT: 'extension',
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(server.port),
      AWS_TOKEN: server.token,
    });
    try {
      // An endpoint nobody listens on: only the extension can answer.
      const sm = new SecretsManager({ endpoint: 'http://127.0.0.1:9', region, credentials, cache: memoryCache() });
      expect(await sm.get(name)).toBe('from env');
      await sm.close();
    } finally {
      process.env = saved;
    }
  });
});
