import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache, ProviderError } from '@coffer/core';
import { startMoto } from '../../../scripts/harness/moto';
import { credentials, proxy, region, seedSsm, uniquePrefix } from './support';

describe('aws.ps when the backend fails', () => {
  it('serves stale values while the emulator is down, and fails new names within the configured attempts', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const moto = await startMoto();
    try {
      const prefix = uniquePrefix();
      const names = [`${prefix}/a`, `${prefix}/b`, `${prefix}/c`];
      await seedSsm(
        names.map((name) => ({ name, value: `v-${name}` })),
        (await import('./support')).directSsm(moto.endpoint),
      );
      const ps = new ParameterStore({
        endpoint: moto.endpoint,
        region,
        credentials,
        maxAttempts: 2,
        timeoutMs: 1000,
        cache: memoryCache(),
      });
      expect(await Promise.all(names.map((name) => ps.get(name)))).toEqual(names.map((name) => `v-${name}`));
      await ps.refresh();
      await moto.stop();

      const stale = await Promise.all(names.map((name) => ps.get(name)));
      const fresh = await ps.get(`${prefix}/never-read`).catch((error: unknown) => error);

      expect(stale).toEqual(names.map((name) => `v-${name}`));
      expect(ps.stats().stale).toBe(3);
      expect(fresh).toBeInstanceOf(ProviderError);
      expect(fresh).toMatchObject({ transient: true, path: `${prefix}/never-read` });
      expect(((fresh as ProviderError).cause as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(2);
      await ps.close();
    } finally {
      await moto.stop();
      await new Promise((resolve) => setImmediate(resolve));
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  }, 30_000);

  it('gives up on a request that never answers after timeoutMs, once per attempt', async () => {
    const counter = await proxy();
    counter.fault(() => 'hang');
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, maxAttempts: 2, timeoutMs: 300 });

    const error = await ps.get(`${uniquePrefix()}/slow`).catch((reason: unknown) => reason);

    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
    expect(counter.count('GetParameters')).toBe(2);
    await ps.close();
    await counter.close();
  }, 15_000);

  it('retries throttling with back-off and succeeds within maxAttempts', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/t`, value: 'after-throttling' }]);
    const counter = await proxy();
    let throttled = 0;
    counter.fault(() => (throttled++ < 2 ? { status: 400, type: 'ThrottlingException' } : undefined));
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, maxAttempts: 3 });

    expect(await ps.get(`${prefix}/t`)).toBe('after-throttling');

    expect(counter.count('GetParameters')).toBe(3);
    expect(ps.stats().apiCalls).toBe(1);
    await ps.close();
    await counter.close();
  }, 15_000);

  it('reports persistent 5xx as a transient ProviderError and access denied as a permanent one, never serving stale for it', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/x`, value: 'cached' }]);
    const counter = await proxy();
    // Every read calls here (no back-off window), to see how each failure is classified.
    const ps = new ParameterStore({
      endpoint: counter.endpoint,
      region,
      credentials,
      maxAttempts: 2,
      cache: memoryCache(),
      errorBackoff: false,
    });
    expect(await ps.get(`${prefix}/x`)).toBe('cached');
    await ps.refresh();

    counter.fault(() => ({ status: 503, type: 'ServiceUnavailable' }));
    expect(await ps.get(`${prefix}/x`)).toBe('cached');
    await expect(ps.get(`${prefix}/y`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
    counter.fault(() => ({ status: 400, type: 'AccessDeniedException' }));
    await expect(ps.get(`${prefix}/x`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: false });

    expect(ps.stats().stale).toBe(1);
    expect(counter.count('GetParameters')).toBe(1 + 2 + 2 + 1);
    await ps.close();
    await counter.close();
  }, 15_000);
});
