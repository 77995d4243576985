// A separate Node process for the read-path tests of issue 17: a client over a backend shared
// through a JSON file (every process sees every write), caching in the SQLite file named in its
// task. It prints `ready`, waits for `go`, prints `loading` when its backend read has taken its
// value (a slow read then sleeps), and ends with one JSON report line (or exits at once).
import { type CacheAdapter, createClient, memoryCache } from '@coffer/core';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { readyThenGo } from '../../../../scripts/test-support/child-go';
import { fileBackend } from './file-backend';

interface Task {
  kind: 'read-all' | 'slow-read' | 'update-then-read' | 'read';
  cache: string;
  backend: string;
  names: string[];
  tiered?: boolean;
  /** slow-read: how long the backend answer takes after the value was read. */
  delayMs?: number;
  /** update-then-read: the new value, and how many reads follow the update. */
  value?: string;
  reads?: number;
  /** read-all: exit with process.exit(0) right after the last read. */
  exit?: boolean;
  /** The client's lease bounds (`lease` option). */
  lease?: { ttl: number; wait: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  const shared = keyvCache({ path: task.cache });
  const cache: CacheAdapter = task.tiered ? tieredCache(memoryCache(), shared) : shared;
  const client = createClient({
    provider: fileBackend(task.backend, { delay: () => task.delayMs ?? 0, onLoad: () => process.stdout.write('loading\n') }),
    cache,
    lease: task.lease,
  });
  await readyThenGo();
  const seen: unknown[] = [];
  if (task.kind === 'update-then-read') {
    await client.update(task.names[0]!, task.value!);
    for (let i = 0; i < (task.reads ?? 1); i++) {
      seen.push(await client.get(task.names[0]!));
      await sleep(10);
    }
  } else {
    for (const name of task.names) seen.push(await client.get(name));
  }
  if (task.exit) process.exit(0);
  const stats = client.stats();
  await client.close();
  await cache.close?.();
  process.stdout.write(`${JSON.stringify({ seen, apiCalls: stats.apiCalls })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
