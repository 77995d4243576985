import { BatchGetSecretValueCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsSm, SecretsManager } from '@coffer/aws-sm';
import { createClient, memoryCache } from '@coffer/core';
import { mockClient } from 'aws-sdk-client-mock';
import { FALLBACK_CONCURRENCY } from '../src/batch-gate';
import { credentials, proxy, region, seedSm, uniquePrefix } from './support';

jest.setTimeout(60_000);

const throttleBatch = (request: { operation: string }) =>
  request.operation === 'BatchGetSecretValue' ? { status: 400, type: 'ThrottlingException' } : undefined;

describe('aws.sm when BatchGetSecretValue is throttled', () => {
  it('still answers all 100 secrets, through one GetSecretValue each', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 100 }, (_, i) => `${prefix}/s${i}`);
    await seedSm(names.map((name, i) => ({ name, value: `secret-${i}` })));
    const counter = await proxy();
    counter.fault(throttleBatch);
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, maxAttempts: 1, cache: memoryCache() });

    const values = await Promise.all(names.map((name) => sm.get(name)));

    expect(values).toEqual(names.map((_, i) => `secret-${i}`));
    // One throttled batch call per group of 20, then every secret alone.
    expect(counter.count('BatchGetSecretValue')).toBe(5);
    expect(counter.count('GetSecretValue')).toBe(100);
    await sm.close();
    await counter.close();
  });

  it('skips the batch call while throttled, and batches again once the throttling is over', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 6 }, (_, i) => `${prefix}/s${i}`);
    await seedSm(names.map((name, i) => ({ name, value: `secret-${i}` })));
    const counter = await proxy();
    counter.fault(throttleBatch);
    let now = 1_000_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, maxAttempts: 1, cache: false });
    try {
      await Promise.all(names.slice(0, 2).map((name) => sm.get(name)));
      await Promise.all(names.slice(2, 4).map((name) => sm.get(name)));
      expect(counter.count('BatchGetSecretValue')).toBe(1);
      expect(counter.count('GetSecretValue')).toBe(4);

      counter.fault(undefined);
      now += 60_000;
      expect(await Promise.all(names.slice(4).map((name) => sm.get(name)))).toEqual(['secret-4', 'secret-5']);
      expect(counter.count('BatchGetSecretValue')).toBe(2);
      expect(counter.count('GetSecretValue')).toBe(4);
    } finally {
      spy.mockRestore();
      await sm.close();
      await counter.close();
    }
  });

  it(`runs at most ${FALLBACK_CONCURRENCY} GetSecretValue calls at once`, async () => {
    const client = new SecretsManagerClient({ region, credentials });
    const mock = mockClient(client);
    let running = 0;
    let most = 0;
    mock.on(BatchGetSecretValueCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    mock.on(GetSecretValueCommand).callsFake(async (input: { SecretId: string }) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return { Name: input.SecretId, SecretString: `value of ${input.SecretId}` };
    });
    const sm = createClient({ provider: awsSm({ client }), cache: false });

    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => sm.get(`s${i}`)));

    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `value of s${i}`));
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(20);
    expect(most).toBe(FALLBACK_CONCURRENCY);
    mock.restore();
  });

  it('fails every read of a batch with its error when the batch call fails otherwise', async () => {
    const client = new SecretsManagerClient({ region, credentials });
    const mock = mockClient(client);
    mock.on(BatchGetSecretValueCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServiceError' }));
    const sm = createClient({ provider: awsSm({ client }), cache: false });

    const results = await Promise.allSettled([sm.get('a'), sm.get('b')]);

    expect(results).toMatchObject([
      { status: 'rejected', reason: { code: 'PROVIDER_ERROR', transient: true } },
      { status: 'rejected', reason: { code: 'PROVIDER_ERROR', transient: true } },
    ]);
    expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    mock.restore();
  });
});
