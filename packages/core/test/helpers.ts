import { memoryProvider, type MemoryProvider, type Provider, ProviderError } from '@coffer/core';

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
