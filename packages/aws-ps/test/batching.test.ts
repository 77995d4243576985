import { LabelParameterVersionCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache } from '@coffer/core';
import { credentials, directSsm, proxy, region, seedSsm, uniquePrefix } from './support';

describe('aws.ps reads', () => {
  it('serves 1,000 concurrent cold reads of 100 names with exactly 10 GetParameters requests', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 100 }, (_, i) => `${prefix}/app/p${i}`);
    await seedSsm(names.map((name, i) => ({ name, value: `value-${i}` })));
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => ps.get(names[i % 100] as string)));

    expect(values.every((value, i) => value === `value-${i % 100}`)).toBe(true);
    expect(counter.count('GetParameters')).toBe(10);
    expect(counter.count()).toBe(10);
    expect(ps.stats().apiCalls).toBe(10);
    await ps.close();
    await counter.close();
  }, 30_000);

  it('reads versions and labels through the path selector and the version and label options', async () => {
    const name = `${uniquePrefix()}/versioned`;
    const ssm = directSsm();
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'first', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: name, Value: 'second', Type: 'String', Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['previous'] }));
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const read = await Promise.all([
      ps.get(name),
      ps.get(`${name}:1`),
      ps.get(name, { version: 2 }),
      ps.get(`${name}:previous`),
      ps.get(name, { label: 'previous' }),
    ]);

    expect(read).toEqual(['second', 'first', 'second', 'first', 'first']);
    expect(counter.count('GetParameters')).toBe(1);
    await expect(ps.get(`${name}:7`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await ps.close();
    await counter.close();
  });

  it('decrypts a SecureString by default and returns the stored ciphertext with decrypt: false, in separate calls', async () => {
    const name = `${uniquePrefix()}/secure`;
    await directSsm().send(new PutParameterCommand({ Name: name, Value: 'plain-text-password', Type: 'SecureString' }));
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const [decrypted, stored] = await Promise.all([ps.get(name), ps.get(name, { decrypt: false })]);

    expect(decrypted).toBe('plain-text-password');
    expect(stored).not.toBe('plain-text-password');
    expect(counter.count('GetParameters')).toBe(2);
    await ps.close();
    await counter.close();
  });

  it('fails every caller of a denied batch with its own non-transient ProviderError', async () => {
    const prefix = uniquePrefix();
    const counter = await proxy();
    counter.fault((request) => (request.operation === 'GetParameters' ? { status: 400, type: 'AccessDeniedException' } : undefined));
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const results = await Promise.allSettled([ps.get(`${prefix}/a`), ps.get(`${prefix}/b`)]);

    expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_ERROR', transient: false, path: `${prefix}/a` } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'PROVIDER_ERROR', transient: false, path: `${prefix}/b` } });
    expect(counter.count('GetParameters')).toBe(1);
    await ps.close();
    await counter.close();
  });
});
