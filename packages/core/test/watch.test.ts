import { createClient, memoryCache, memoryProvider, type ProviderError, type WatchUpdate } from '@coffer/core';
import { flakyProvider, networkDown } from './helpers';

/** Resolves with the next value `take` is given, or rejects after `ms`. */
function nextCall<T>(ms = 3000) {
  let resolve!: (value: T) => void;
  const got = new Promise<T>((r) => {
    resolve = r;
  });
  let timer: NodeJS.Timeout | undefined;
  const bounded = Promise.race([
    got,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no call within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
  return { take: (value: T) => resolve(value), got: bounded };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watch', () => {
  it('calls the listener once per new value, never for an unchanged one', async () => {
    const provider = memoryProvider({ seed: { '/app/flag': 'off' } });
    const client = createClient({ provider, cache: memoryCache() });
    const seen: string[] = [];
    const first = nextCall<string>();
    const unwatch = client.watch<string>(
      '/app/flag',
      (value) => {
        seen.push(value);
        first.take(value);
      },
      { interval: 100 },
    );

    await sleep(350);
    expect(seen).toEqual([]);
    provider.set('/app/flag', 'on');
    expect(await first.got).toBe('on');
    await sleep(350);

    expect(seen).toEqual(['on']);
    unwatch();
    await client.close();
  });

  it('polls everything a client watches in one batch per interval', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `/app/p${i}`);
    const provider = memoryProvider({ seed: Object.fromEntries(names.map((name) => [name, 'v'])), maxBatchSize: 10 });
    const client = createClient({ provider, cache: memoryCache() });
    const unwatches = names.map((name) => client.watch(name, () => undefined, { interval: 200 }));
    await sleep(50);
    const before = client.stats().apiCalls;

    await sleep(1010);

    const polls = (client.stats().apiCalls - before) / 3;
    expect(Number.isInteger(polls)).toBe(true);
    expect(polls).toBeGreaterThanOrEqual(4);
    expect(polls).toBeLessThanOrEqual(6);
    for (const unwatch of unwatches) unwatch();
    await client.close();
  });

  it('delivers an update made in this process at once, without waiting for the interval', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/app/flag': 'off' } }), cache: memoryCache() });
    const call = nextCall<WatchUpdate<unknown>>(2000);
    const unwatch = client.watch('/app/flag', (_value, update) => call.take(update), { interval: '1h' });
    await sleep(20);

    await client.update('/app/flag', 'on');

    expect(await call.got).toMatchObject({ path: '/app/flag', value: 'on' });
    unwatch();
    await client.close();
  });

  it('sends errors to onError and keeps the last good value, then delivers the next change', async () => {
    const flaky = flakyProvider({ '/app/flag': 'off' });
    const client = createClient({ provider: flaky.provider, cache: memoryCache() });
    const errors: string[] = [];
    const changed = nextCall<unknown>();
    const unwatch = client.watch('/app/flag', changed.take, {
      interval: 100,
      onError: (error, path) => errors.push(`${path} ${(error as ProviderError).code}`),
    });
    await sleep(50);

    flaky.failWith(networkDown());
    await sleep(250);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBe('/app/flag PROVIDER_ERROR');
    expect(await client.get('/app/flag')).toBe('off');
    flaky.inner.set('/app/flag', 'on');
    flaky.failWith(undefined);

    expect(await changed.got).toBe('on');
    unwatch();
    await client.close();
  });

  it('is an async iterable without a listener, and leaving the loop stops the watch', async () => {
    const provider = memoryProvider({ seed: { '/app/n': '0' } });
    const client = createClient({ provider, cache: memoryCache() });
    const got: unknown[] = [];

    const updates = client.watch('/app/n', { interval: 100, initial: true });
    for await (const { value } of updates) {
      got.push(value);
      if (got.length === 3) break;
      provider.set('/app/n', String(got.length));
    }
    const calls = client.stats().apiCalls;
    await sleep(300);

    expect(got).toEqual(['0', '1', '2']);
    expect(client.stats().apiCalls).toBe(calls);
    await client.close();
  });

  it('stops every watch on close()', async () => {
    const provider = memoryProvider({ seed: { '/a': '1', '/b': '2' } });
    const client = createClient({ provider, cache: memoryCache() });
    const listener = jest.fn();
    client.watch('/a', listener, { interval: 100 });
    client.watch('/b', listener, { interval: 100 });
    await sleep(30);

    await client.close();
    const calls = client.stats().apiCalls;
    provider.set('/a', 'changed');
    await sleep(300);

    expect(listener).not.toHaveBeenCalled();
    expect(client.stats().apiCalls).toBe(calls);
  });

  it('rejects bad options before any call', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': '1' } }), cache: memoryCache() });
    const listener = () => undefined;

    expect(() => client.watch('/a', listener, { interval: 5 })).toThrow(/at least 100 ms/);
    expect(() => client.watch('/a', listener, { interval: 'soon' as never })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => client.watch('/a', listener, { forceFetch: true } as never)).toThrow(/does not apply to watch/);
    expect(() => client.watch('/a', listener, { decript: true } as never)).toThrow(/unknown option 'decript'/);
    expect(() => client.watch('', listener)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => client.watch('/a', 'listener' as never, {})).toThrow(/listener must be a function/);
    expect(client.stats().apiCalls).toBe(0);
    await client.close();
  });

  it('tells a listener that throws to onError and keeps calling it', async () => {
    const provider = memoryProvider({ seed: { '/a': '1' } });
    const client = createClient({ provider, cache: memoryCache() });
    const failed = nextCall<Error>();
    const listener = jest.fn(() => {
      throw new Error('listener broke');
    });
    const unwatch = client.watch('/a', listener, { interval: 100, onError: failed.take });
    await sleep(30);
    provider.set('/a', '2');

    expect((await failed.got).message).toBe('listener broke');
    provider.set('/a', '3');
    await sleep(300);
    expect(listener).toHaveBeenCalledTimes(2);
    unwatch();
    await client.close();
  });

  it('reads a path watched twice with the same options once per poll', async () => {
    const provider = memoryProvider({ seed: { '/a': '{"x":1,"y":2}' } });
    const client = createClient({ provider, cache: memoryCache() });
    const x = jest.fn();
    const y = jest.fn();
    const stops = [
      client.watch('/a', x, { interval: 200, keypath: ['x'] }),
      client.watch('/a', x, { interval: 200, keypath: ['x'] }),
      client.watch('/a', y, { interval: 200, keypath: ['y'] }),
    ];
    await sleep(50);
    const before = client.stats().apiCalls;
    provider.set('/a', '{"x":1,"y":3}');
    await sleep(400);

    expect(x).not.toHaveBeenCalled();
    expect(y).toHaveBeenCalledWith(3, expect.objectContaining({ path: '/a', value: 3 }));
    // Two option sets of one path: two reads per poll, never three.
    expect((client.stats().apiCalls - before) % 2).toBe(0);
    for (const stop of stops) stop();
    await client.close();
  });
});
