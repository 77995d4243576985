import { createClient, memoryProvider, type Unwatch, type WatchStream, watch } from '@coffer/core';

// Compiled by `tsc -p tsconfig.tests.json`: each @ts-expect-error must be an error, or the build fails.
describe('watch types', () => {
  it('returns an unwatch with a listener and an async iterable without', () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });

    const unwatch: Unwatch = client.watch<string>('/a', (value: string, update) => void update.path.concat(value));
    const stream: WatchStream<string> = client.watch<string>('/a', { interval: '1m', decrypt: false });
    const stream2: WatchStream<string> = client.watch<string>('/a', undefined, { interval: 1000 });
    // @ts-expect-error a watch with a listener returns its unwatch, not an iterable
    const wrong: WatchStream = client.watch('/a', () => undefined);

    unwatch();
    stream.close();
    stream2.close();
    (wrong as unknown as Unwatch)();
    return client.close();
  });

  it('rejects a misuse the compiler can see', () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });
    const listener = () => undefined;

    // @ts-expect-error forceFetch is what a watch does for itself
    expect(() => client.watch('/a', listener, { forceFetch: true })).toThrow(/does not apply/);
    // @ts-expect-error interval is a duration
    expect(() => client.watch('/a', listener, { interval: true })).toThrow(/interval/);
    // @ts-expect-error an option the provider does not have
    expect(() => client.watch('/a', listener, { versionStage: 'AWSCURRENT' })).toThrow(/unknown option/);
    // @ts-expect-error the top-level watch names a provider first
    expect(() => watch('/a', listener)).toThrow();
    return client.close();
  });
});
