import { type CallContext, memoryProvider, type MemoryProvider, type Provider, ProviderError } from '@coffer/core';

/** A memory provider whose reads can be made to fail, to test what the client does then. */
export function flakyProvider(seed: Record<string, string> = {}, options: { maxBatchSize?: number; secure?: string[] } = {}) {
  const inner: MemoryProvider = memoryProvider({ seed, ...options });
  let failure: Error | undefined;
  const guard = () => {
    if (failure) throw failure;
  };
  const provider: Provider = {
    ...inner,
    async getMany(requests, context) {
      context.countApiCall();
      guard();
      return inner.getMany!(requests, { countApiCall: () => undefined });
    },
    async list(request, context) {
      context.countApiCall();
      guard();
      return inner.list!(request, { countApiCall: () => undefined });
    },
  };
  return {
    provider,
    inner,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

export const networkDown = () => new ProviderError('connect ECONNREFUSED', { transient: true });
export const accessDenied = () => new ProviderError('access denied', { transient: false });

/** A clock the test moves by hand. */
export function manualClock(start = 1_800_000_000_000) {
  let now = start;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
  return {
    advance(ms: number) {
      now += ms;
    },
    restore: () => spy.mockRestore(),
  };
}

/** Resolves after `count` turns of the event loop. */
export async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A memory provider whose reads and listings take their value when called, then answer only when
 * the test releases them: a load the test holds open, without timers.
 */
export function heldProvider(seed: Record<string, string> = {}) {
  const inner: MemoryProvider = memoryProvider({ seed });
  const gates: (() => void)[] = [];
  const hold = <T>(result: T) => new Promise<T>((resolve) => gates.push(() => resolve(result)));
  const provider: Provider = {
    ...inner,
    async getMany(requests, context: CallContext) {
      return hold(await inner.getMany!(requests, context));
    },
    async list(request, context: CallContext) {
      return hold(await inner.list!(request, context));
    },
  };
  const released = new Set<number>();
  return {
    provider,
    inner,
    /** How many reads (and listings) the provider was asked for. */
    reads: () => gates.length,
    /** Lets the `index`-th read answer. */
    release(index: number) {
      released.add(index);
      gates[index]?.();
    },
    /** Lets every read so far answer. */
    releaseAll() {
      gates.forEach((gate, index) => {
        if (!released.has(index)) gate();
        released.add(index);
      });
    },
  };
}
