import { LabelParameterVersionCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ParameterStore } from '@coffer/aws-ps';
import { awsPsExtension } from '@coffer/aws-ps/extension';
import { createClient, memoryCache } from '@coffer/core';
import { extensionTransportOptions, type ProtocolServer, startCofferServe } from '../../../scripts/test-support/extension-servers';
import { directSsm, seedSsm, uniquePrefix } from './support';

// The Secrets Manager Agent serves Secrets Manager only: Parameter Store reads go to coffer serve.
describe('aws.ps through the extension protocol of coffer serve', () => {
  let server: ProtocolServer;
  beforeAll(async () => {
    server = await startCofferServe();
    // moto loads its Parameter Store on first use, which takes seconds.
    await seedSsm([{ name: `${uniquePrefix()}/warm`, value: 'x' }]);
  }, 60_000);
  afterAll(() => server.stop());

  const client = () => createClient({ provider: awsPsExtension({ port: server.port, token: server.token }), cache: memoryCache() });

  it('reads a String as it is, a StringList as string[], and JSON text parsed', async () => {
    const prefix = uniquePrefix();
    await seedSsm([
      { name: `${prefix}/pin`, value: '0012' },
      { name: `${prefix}/hosts`, value: ['a', 'b'] },
      { name: `${prefix}/conf`, value: '{"port":5432}' },
    ]);
    const ps = client();

    expect(await ps.get(`${prefix}/pin`)).toBe('0012');
    expect(await ps.get(`${prefix}/hosts`)).toEqual(['a', 'b']);
    expect(await ps.get(`${prefix}/hosts`, { decode: 'raw' })).toBe('a,b');
    expect(await ps.get(`${prefix}/conf`, { keypath: ['port'] })).toBe(5432);
    await ps.close();
  });

  it('decrypts a SecureString unless decrypt is false', async () => {
    const name = `${uniquePrefix()}/secure`;
    await directSsm().send(new PutParameterCommand({ Name: name, Value: 'plain', Type: 'SecureString' }));
    const ps = client();

    expect(await ps.get(name)).toBe('plain');
    expect(await ps.get(name, { decrypt: false })).not.toBe('plain');
    await ps.close();
  });

  it('reads a version and a label, by option and by selector', async () => {
    const name = `${uniquePrefix()}/versioned`;
    await seedSsm([{ name, value: 'v1' }]);
    await seedSsm([{ name, value: 'v2' }]);
    await directSsm().send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['stable'] }));
    const ps = client();

    expect(await ps.get(name)).toBe('v2');
    expect(await ps.get(name, { version: 1 })).toBe('v1');
    expect(await ps.get(`${name}:1`)).toBe('v1');
    expect(await ps.get(name, { label: 'stable' })).toBe('v1');
    await ps.close();
  });

  it('answers a missing parameter with SecretNotFoundError, each read of a batch with its own answer', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/here`, value: 'x' }]);
    const ps = client();

    const [here, missing] = await Promise.allSettled([ps.get(`${prefix}/here`), ps.get(`${prefix}/missing`)]);

    expect(here).toEqual({ status: 'fulfilled', value: 'x' });
    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'SECRET_NOT_FOUND' } });
    await ps.close();
  });

  it('tells an exact name exists, and says what to do when only a listing could tell', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/a/b`, value: 'x' }]);
    const ps = client();

    expect(await ps.pathExists(`${prefix}/a/b`)).toBe(true);
    await expect(ps.pathExists(`${prefix}/a`)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/@coffer\/aws-ps/),
    });
    await expect(ps.getByPath(prefix)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(ps.update(`${prefix}/a/b`, 'y')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await ps.close();
  });

  it("reads through it with ParameterStore's transport option, and lists and writes through the SDK", async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/a`, value: 'A' }]);
    const ps = new ParameterStore(extensionTransportOptions(server));

    expect(await ps.get(`${prefix}/a`)).toBe('A');
    await ps.update(`${prefix}/a`, 'B');
    expect(await ps.getByPath(prefix)).toEqual({ [`${prefix}/a`]: 'B' });
    await ps.close();
  });

  it('rejects a bad transport and bad extension options before any request', () => {
    expect(() => new ParameterStore({ transport: 'carrier-pigeon' as never })).toThrow(/transport must be 'sdk' or 'extension'/);
    expect(() => awsPsExtension({ port: 70000 })).toThrow(/port must be an integer/);
    expect(() => awsPsExtension({ region: 'eu-west-1' } as never)).toThrow(/unknown extension option 'region'/);
  });
});
