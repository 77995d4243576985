import { get, instance } from 'coffer';

/**
 * Application code: it reads its settings and knows nothing about caching. Each deployment picks
 * the cache with environment variables only:
 *
 * - a laptop or a test run: nothing set (memory, 1000 entries, 15 minutes);
 * - a Lambda function: `COFFER_CACHE=memory COFFER_CACHE_TTL=5m`;
 * - a fleet of cron jobs on one host: `COFFER_CACHE=sqlite` (an encrypted file every process shares);
 * - a cluster: `COFFER_CACHE=redis://cache.internal:6379`;
 * - a debugging session: `COFFER_CACHE=none`.
 *
 * @example
 * ```ts
 * const { host } = await readSettings();
 * ```
 */
export async function readSettings(): Promise<{ host: string; user: string }> {
  const [host, user] = await Promise.all([get<string>('file', '/db/host'), get<string>('file', '/db/credentials', { keypath: ['user'] })]);
  return { host, user };
}

if (require.main === module) {
  readSettings().then(
    async (settings) => {
      const { cache, hits, apiCalls } = instance('file').stats();
      console.log(JSON.stringify({ ...settings, cache, hits, apiCalls }));
      await instance('file').close();
    },
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
