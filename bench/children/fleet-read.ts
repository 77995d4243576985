/**
 * One process of a fleet cold start: reads every name given at once through one contender and
 * prints one JSON line with how long that took. Argument: a JSON task.
 */
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';

interface Task {
  contender: 'coffer-shared' | 'coffer-memory' | 'coffer-redis' | 'powertools';
  endpoint: string;
  names: string[];
  path?: string;
  /** coffer-redis: what `COFFER_CACHE=redis://…` gives (memory in front of Redis). */
  redis?: { url: string; namespace: string; key: string };
  /** Per attempt: one emulator answers a whole fleet's concurrent batches slower than AWS would. */
  timeoutMs?: number;
  /** The client's `lease` option: its ttl must outlast the holder's fetch (see fleet-curve.ts). */
  lease?: { ttl: number; wait: number };
  /** Load everything, print `ready`, and start reading when stdin says `go` (see fleet-curve.ts). */
  together?: boolean;
}

/** Prints `ready`, then resolves when the parent writes `go`. */
async function readyThenGo(): Promise<void> {
  process.stdout.write('ready\n');
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (input.includes('go')) return;
  }
}

async function main(): Promise<void> {
  // A shared cache that failed (a connection that timed out, say) is one warning: it explains calls above the floor.
  let cacheWarnings = 0;
  process.on('warning', (warning) => {
    if (warning.name === 'CofferWarning') cacheWarnings++;
  });
  const task = JSON.parse(process.argv[2] as string) as Task;
  const config = { region: 'us-east-1', endpoint: task.endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  let read: (name: string) => Promise<unknown>;
  let close = async () => undefined as unknown;
  if (task.contender === 'powertools') {
    const provider = new SSMProvider({ clientConfig: config });
    read = (name) => provider.get(name);
  } else {
    const { ParameterStore } = require('@coffer/aws-ps') as typeof import('@coffer/aws-ps');
    const { memoryCache } = require('@coffer/core') as typeof import('@coffer/core');
    const { cacheFromSpec, keyvCache, tieredCache } = require('@coffer/cache-keyv') as typeof import('@coffer/cache-keyv');
    const { redis } = task;
    const cache = redis
      ? cacheFromSpec(redis.url, { namespace: redis.namespace, encryptionKey: redis.key })
      : task.contender === 'coffer-shared'
        ? tieredCache(memoryCache(), keyvCache({ path: task.path }))
        : memoryCache();
    const ps = new ParameterStore({
      ...config,
      cache,
      ...(task.timeoutMs ? { timeoutMs: task.timeoutMs } : {}),
      ...(task.lease ? { lease: task.lease } : {}),
    });
    read = (name) => ps.get(name);
    close = async () => {
      await ps.close();
      await cache.close?.();
    };
  }
  if (task.together) {
    // The SDK loads on first use: loaded now, so that reading is all the measure holds.
    require('@aws-sdk/client-ssm');
    await readyThenGo();
  }
  const started = performance.now();
  await Promise.all(task.names.map(read));
  const ms = performance.now() - started;
  await close();
  process.stdout.write(`${JSON.stringify({ ms, cacheWarnings })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  const failure = error as Error & { cause?: Error };
  process.stderr.write(`fleet read failed: ${failure.name}: ${failure.message} (${failure.cause?.name ?? 'no cause'})\n`);
  process.exit(1);
});
