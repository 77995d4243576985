import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache } from '@coffer/core';
import { credentials, directSsm, proxy, region, seedSsm, uniquePrefix } from './support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('aws.ps watch', () => {
  it('polls 100 watched parameters with at most 10 GetParameters per interval', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 100 }, (_, i) => `${prefix}/w/p${i}`);
    await seedSsm(names.map((name, i) => ({ name, value: `value-${i}` })));
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
    const listener = jest.fn();
    const unwatches = names.map((name) => ps.watch(name, listener, { interval: '1s' }));
    // The first read of every watch: 10 calls, then one batch per interval.
    await sleep(300);
    const started = counter.count('GetParameters');

    await sleep(3000);

    const polled = counter.count('GetParameters') - started;
    expect(started).toBe(10);
    // Three intervals passed (a fourth may have begun): 10 calls each, never more.
    expect(polled % 10).toBe(0);
    expect(polled).toBeGreaterThanOrEqual(20);
    expect(polled).toBeLessThanOrEqual(40);
    expect(counter.count()).toBe(counter.count('GetParameters'));
    expect(listener).not.toHaveBeenCalled();
    for (const unwatch of unwatches) unwatch();
    await ps.close();
    await counter.close();
  }, 30_000);

  it('delivers a change made with the SDK within the interval plus 200 ms', async () => {
    const name = `${uniquePrefix()}/w/flag`;
    await seedSsm([{ name, value: 'off' }]);
    const counter = await proxy();
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
    const seen: unknown[] = [];
    let delivered!: (at: number) => void;
    const deliveredAt = new Promise<number>((resolve) => {
      delivered = resolve;
    });
    const unwatch = ps.watch(
      name,
      (value) => {
        seen.push(value);
        delivered(Date.now());
      },
      { interval: '1s' },
    );
    await sleep(300);

    await directSsm().send(new PutParameterCommand({ Name: name, Value: 'on', Type: 'String', Overwrite: true }));
    const changedAt = Date.now();
    const bound = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('not delivered in 1.2 s')), 1200));

    const at = await Promise.race([deliveredAt, bound]);
    expect(at - changedAt).toBeLessThanOrEqual(1200);
    await sleep(1100);
    expect(seen).toEqual(['on']);
    unwatch();
    await ps.close();
    await counter.close();
  }, 30_000);
});
