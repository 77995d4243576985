// A separate Node process for the read-path tests of issue 17: a client over a backend shared
// through a JSON file (every process sees every write), caching in the SQLite file named in its
// task. It prints `ready`, waits for `go`, prints `loading` when its backend read has taken its
// value (a slow read then sleeps; `read-gate-read` prints `first` and waits for its gate file), and
// ends with one JSON report line (or exits at once).
import { existsSync } from 'node:fs';
import { type CacheAdapter, createClient, memoryCache } from '@coffer/core';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { readyThenGo } from '../../../../scripts/test-support/child-go';
import { fileBackend } from './file-backend';

interface Task {
  kind: 'read-all' | 'slow-read' | 'update-then-read' | 'read' | 'clear-then-read' | 'read-gate-read';
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
  /** clear-then-read: `clear()` or `refresh()` first; the listings read after the names. */
  reset?: 'clear' | 'refresh';
  lists?: string[];
  /** read-gate-read: reads, prints `first`, waits until this file exists, reads again. */
  gate?: string;
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
    if (task.reset === 'clear') await client.clear();
    if (task.reset === 'refresh') await client.refresh();
    for (const name of task.names) seen.push(await client.get(name));
    for (const path of task.lists ?? []) seen.push(await client.getByPath(path));
    if (task.gate !== undefined) {
      process.stdout.write('first\n');
      while (!existsSync(task.gate)) await sleep(20);
      for (const name of task.names) seen.push(await client.get(name));
    }
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
