// A separate Node process for the multi-process tests: it runs one task against the cache file
// named in its argument and prints one JSON report line. See fixtures.ts startChild().
import { createHash } from 'node:crypto';
import { type CacheAdapter, createClient, memoryProvider } from '@coffer/core';
import { keyvCache } from '@coffer/cache-keyv';
import { secretsFor, toWire } from './fixtures';
import { readyThenGo } from '../../../../scripts/test-support/child-go';

interface Task {
  kind: 'read' | 'stress' | 'modules';
  path?: string;
  prefix: string;
  count: number;
  id?: number;
  ops?: number;
}

const warnings: string[] = [];
process.on('warning', (warning) => {
  if (warning.name === 'CofferWarning') warnings.push(warning.message);
});

async function read(task: Task): Promise<Record<string, unknown>> {
  const seed = secretsFor(task.prefix, task.count);
  const cache = task.path ? keyvCache({ path: task.path }) : undefined;
  const client = createClient({ provider: memoryProvider({ seed }), ...(cache ? { cache } : {}) });
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(seed)) values[name] = toWire(await client.get(name));
  const stats = client.stats();
  await client.close();
  await cache?.close?.();
  return { ...stats, values };
}

// Every value says which key it belongs to and who wrote it, with a digest over both, so a
// reader can tell a wrong or mixed-up value from a right one.
const digest = (...parts: unknown[]) => createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 16);

async function stress(task: Task): Promise<Record<string, unknown>> {
  const cache: CacheAdapter = keyvCache({ path: task.path });
  const keys = task.count;
  let wrong = 0;
  let errors = 0;
  let hits = 0;
  let foreignHits = 0;
  let random = task.id ?? 0;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random;
  };
  for (let n = 0; n < (task.ops ?? 100); n++) {
    const k = next() % keys;
    const key = `${task.prefix}\u0000key-${k}`;
    const action = next() % 10;
    try {
      if (action < 5) {
        const entry = await cache.get(key);
        if (entry) {
          hits++;
          const value = entry.value as { k: number; by: number; n: number; bytes: Uint8Array; check: string };
          const ok =
            value.k === k &&
            value.check === digest(k, value.by, value.n) &&
            value.bytes instanceof Uint8Array &&
            Buffer.from(value.bytes).toString() === value.check &&
            entry.storedAt === value.n;
          if (!ok) wrong++;
          if (value.by !== task.id) foreignHits++;
        }
      } else if (action < 9) {
        const check = digest(k, task.id, n);
        const value = { k, by: task.id, n, check, bytes: new Uint8Array(Buffer.from(check)) };
        await cache.set(key, { value, storedAt: n, expiresAt: Date.now() + 60_000 }, 60_000);
      } else {
        await cache.delete(key);
      }
    } catch {
      errors++;
    }
  }
  await cache.close?.();
  return { hits, foreignHits, wrong, errors };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as Task;
  await readyThenGo();
  let report: Record<string, unknown>;
  if (task.kind === 'read') report = await read(task);
  else if (task.kind === 'stress') report = await stress(task);
  else {
    const before = Object.keys(require.cache);
    const result = await read(task);
    report = { apiCalls: result.apiCalls, cache: result.cache, loaded: Object.keys(require.cache).filter((p) => !before.includes(p)) };
  }
  await new Promise((resolve) => setImmediate(resolve));
  process.stdout.write(`${JSON.stringify({ ...report, warnings })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
