// A separate Node process for the store race test: a client over a backend shared through a JSON
// file, caching in a shared SQLite file or Redis. It prints `ready`, then for each line
// `round N WAIT_MS` it waits, then reads (role `reader`, through a backend that answers after a
// random few milliseconds) or updates (role `updater`) the name `/race/N/k`, and prints `done N`;
// with `listing`, the reader lists `/race/N` instead. `end` closes it.
import { createInterface } from 'node:readline';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, createClient, memoryCache } from '@coffer/core';
import KeyvRedis from '@keyv/redis';
import { fileBackend } from './file-backend';

interface Task {
  role: 'reader' | 'updater';
  backend: string;
  path?: string;
  redis?: { url: string; namespace: string; key: string };
  tiered?: boolean;
  listing?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  const shared = task.redis
    ? keyvCache({ store: new KeyvRedis(task.redis.url), namespace: task.redis.namespace, encryptionKey: task.redis.key })
    : keyvCache({ path: task.path as string });
  const cache: CacheAdapter = task.tiered ? tieredCache(memoryCache(), shared) : shared;
  const client = createClient({
    provider: fileBackend(task.backend, task.role === 'reader' ? { delay: () => Math.random() * 6 } : {}),
    cache,
  });
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const [word, round, wait] = line.split(' ');
    if (word === 'end') break;
    await sleep(Number(wait));
    const name = `/race/${round}/k`;
    if (task.role === 'updater') await client.update(name, 'new');
    else if (task.listing) await client.getByPath(`/race/${round}`);
    else await client.get(name);
    process.stdout.write(`done ${round}\n`);
  }
  await client.close();
  await cache.close?.();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
