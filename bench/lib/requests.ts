import type { AwsProxy } from './harness';

/** Runs `work` and counts the requests that reached the emulator through the proxy meanwhile. */
export async function counted<T>(proxy: AwsProxy, work: () => Promise<T>): Promise<{ result: T; requests: number; ms: number }> {
  const before = proxy.count();
  const start = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { result, requests: proxy.count() - before, ms };
}
