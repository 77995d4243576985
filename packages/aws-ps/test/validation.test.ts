import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache, ValidationError } from '@coffer/core';
import { credentials, proxy, region, uniquePrefix } from './support';

describe('aws.ps input validation', () => {
  it('rejects invalid names, oversize values and wrong option types before any request', async () => {
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
    const ok = `${uniquePrefix()}/ok`;
    const attempts: Array<Promise<unknown>> = [
      ps.get('/a//b'),
      ps.get('/a b/c'),
      ps.get('no/leading/slash'),
      ps.get('/aws/mine'),
      ps.get('/SSM-x/y'),
      ps.get(`/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`),
      ps.get(`${ok}:bad label!`),
      // @ts-expect-error decrypt is a boolean: the types catch it too
      ps.get(ok, { decrypt: 'yes' }),
      ps.get(ok, { version: 1.5 }),
      // @ts-expect-error version and label exclude each other
      ps.get(ok, { version: 2, label: 'x' }),
      ps.get(`${ok}:3`, { version: 4 }),
      ps.getByPath('relative/path'),
      // @ts-expect-error not a parameter type
      ps.getByPath('/x', { type: 'Blob' }),
      ps.pathExists('/a//b'),
      ps.update(ok, 'x'.repeat(8193), { create: true, tier: 'Advanced' }),
      ps.update(ok, 'x'.repeat(4097), { create: true, tier: 'Standard' }),
      ps.update(ok, new Uint8Array([1])),
      ps.update(ok, ['a,b']),
      ps.update(`${ok}:2`, 'v'),
      ps.update('/aws/reference/secretsmanager/db', 'v'),
      // @ts-expect-error not a parameter type
      ps.update(ok, 'v', { type: 'Blob' }),
      // @ts-expect-error not a tier
      ps.update(ok, 'v', { tier: 'Huge' }),
    ];
    const results = await Promise.allSettled(attempts);

    results.forEach((result, i) => {
      expect([i, result.status]).toEqual([i, 'rejected']);
      expect([i, (result as PromiseRejectedResult).reason]).toEqual([i, expect.any(ValidationError)]);
    });
    expect(counter.count()).toBe(0);
    expect(ps.stats().apiCalls).toBe(0);
    await ps.close();
    await counter.close();
  });

  it('refuses an empty value, an empty list and an empty list item before any request (Parameter Store rejects them)', async () => {
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: false });
    const name = `${uniquePrefix()}/empty`;
    for (const value of ['', [], [''], ['a', '']]) {
      await expect(ps.update(name, value, { create: true })).rejects.toThrow(ValidationError);
    }
    expect(counter.count()).toBe(0);
    await ps.close();
    await counter.close();
  });

  it('rejects wrong constructor options with ValidationError', () => {
    const bad: Array<Record<string, unknown>> = [
      { region: 5 },
      { endpoint: 'not a url' },
      { maxAttempts: 0 },
      { timeoutMs: '5s' },
      { credentials: { accessKeyId: 'AKID' } },
      { assumeRole: { roleArn: 'nope' } },
      { assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r', durationSeconds: 60 } },
      { regoin: 'eu-west-1' },
      { client: {} },
    ];
    for (const options of bad) expect(() => new ParameterStore(options)).toThrow(ValidationError);
  });

  it('never shows credentials in util.inspect or in error messages', async () => {
    const { inspect } = await import('node:util');
    const ps = new ParameterStore({
      region,
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'hush-hush-value' },
    });
    expect(inspect(ps, { depth: 10, showHidden: true })).not.toContain('hush-hush-value');
    await ps.close();
  });
});
