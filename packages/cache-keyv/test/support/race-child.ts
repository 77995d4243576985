// A separate Node process for the store race test: a client over a backend shared through a JSON
// file, caching in a shared SQLite file or Redis. It prints `ready`, then for each line
// `round N WAIT_MS` it waits, then reads (role `reader`, through a backend that answers after a
// random few milliseconds) or updates (role `updater`) the name `/race/N/k`, and prints `done N`;
// with `listing`, the reader lists `/race/N` instead. `end` closes it.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, createClient, memoryCache, type Provider, SecretNotFoundError } from '@coffer/core';
import KeyvRedis from '@keyv/redis';

interface Task {
  role: 'reader' | 'updater';
  backend: string;
  path?: string;
  redis?: { url: string; namespace: string; key: string };
  tiered?: boolean;
  listing?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fileBackend(file: string, slow: boolean): Provider {
  const load = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return {
    name: 'shared-file',
    async get(request, context) {
      context.countApiCall();
      const value = load()[request.path];
      if (slow) await sleep(Math.random() * 6);
      return value === undefined ? undefined : { value };
    },
    async list(request, context) {
      context.countApiCall();
      const found = Object.entries(load()).filter(([name]) => name.startsWith(`${request.path}/`));
      if (slow) await sleep(Math.random() * 6);
      return Object.fromEntries(found.map(([name, value]) => [name, { value }]));
    },
    async update(request, context) {
      context.countApiCall();
      const all = load();
      if (!(request.path in all)) throw new SecretNotFoundError('Secret not found', { path: request.path });
      all[request.path] = String(request.value);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(all));
      renameSync(temporary, file);
    },
  };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  const shared = task.redis
    ? keyvCache({ store: new KeyvRedis(task.redis.url), namespace: task.redis.namespace, encryptionKey: task.redis.key })
    : keyvCache({ path: task.path as string });
  const cache: CacheAdapter = task.tiered ? tieredCache(memoryCache(), shared) : shared;
  const client = createClient({ provider: fileBackend(task.backend, task.role === 'reader'), cache });
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
