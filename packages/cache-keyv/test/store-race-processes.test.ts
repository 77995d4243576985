import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, createClient, memoryCache } from '@coffer/core';
import KeyvRedis from '@keyv/redis';
import { fileBackend } from './support/file-backend';

jest.setTimeout(120_000);

const CHILD = join(__dirname, 'support', 'race-child.ts');
const REGISTER = join(__dirname, 'support', 'register.js');
const ROUNDS = 80;
const redisUrl = process.env.COFFER_TEST_REDIS_URL;

/** A child on one role; `done(n)` resolves when it finished round `n`. */
function start(task: Record<string, unknown>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-r', REGISTER, CHILD, JSON.stringify(task)], {
    env: { ...process.env, COFFER_CACHE_KEY: '' },
    timeout: 110_000,
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Map<string, () => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const [line, resolve] of waiters) if (stdout.includes(`${line}\n`)) resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const saw = (line: string) => new Promise<void>((resolve) => waiters.set(line, resolve));
  const closed = new Promise<void>((resolve, reject) => {
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}: ${stderr.slice(-2000)}`))));
  });
  return {
    ready: saw('ready'),
    round(n: number, waitMs: number) {
      const done = saw(`done ${n}`);
      child.stdin.write(`round ${n} ${waitMs}\n`);
      return done;
    },
    end() {
      child.stdin.end('end\n');
      return closed;
    },
  };
}

interface Place {
  name: string;
  task(): Record<string, unknown>;
  cache(task: Record<string, unknown>): CacheAdapter;
}

const places: Place[] = [
  {
    name: 'a SQLite file',
    task: () => ({ path: join(mkdtempSync(join(tmpdir(), 'coffer-race-')), 'cache.sqlite') }),
    cache: (task) => keyvCache({ path: task.path as string }),
  },
];
if (redisUrl) {
  places.push({
    name: 'Redis',
    task: () => ({
      redis: { url: redisUrl, namespace: `race-${randomBytes(4).toString('hex')}`, key: randomBytes(32).toString('base64') },
    }),
    cache: (task) => {
      const { url, namespace, key } = task.redis as { url: string; namespace: string; key: string };
      return keyvCache({ store: new KeyvRedis(url), namespace, encryptionKey: key });
    },
  });
}

// Issue 17, defect 8, as a class: a load of process B begun before process A's update must
// never leave its old value in the shared cache, wherever A's update falls in B's load (before
// B's store checks, between the check and the write, after the write).
describe('stores into a shared cache never go back in time, over many interleavings', () => {
  for (const place of places) {
    for (const [tiered, listing] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const shape = `${place.name}${tiered ? ', memory in front' : ''}${listing ? ', listings' : ''}`;
      it(`leaves no old value after ${ROUNDS} updates racing loads (${shape})`, async () => {
        const root = mkdtempSync(join(tmpdir(), 'coffer-race-backend-'));
        const backend = join(root, 'backend.json');
        const names = Array.from({ length: ROUNDS }, (_, i) => `/race/${i}/k`);
        writeFileSync(backend, JSON.stringify(Object.fromEntries(names.map((name) => [name, 'old']))));
        const where = place.task();
        const reader = start({ role: 'reader', backend, tiered, listing, ...where });
        const updater = start({ role: 'updater', backend, tiered, ...where });
        await Promise.all([reader.ready, updater.ready]);
        for (let round = 0; round < ROUNDS; round++) {
          // The update falls anywhere from before the read's backend call to after its store.
          await Promise.all([reader.round(round, Math.floor(Math.random() * 4)), updater.round(round, Math.floor(Math.random() * 12))]);
        }
        await Promise.all([reader.end(), updater.end()]);

        const shared = place.cache(where);
        const cache = tiered ? tieredCache(memoryCache(), shared) : shared;
        const client = createClient({ provider: fileBackend(backend), cache });
        const seen: Record<string, unknown> = listing ? {} : await client.getMany(names);
        if (listing) for (let i = 0; i < ROUNDS; i++) Object.assign(seen, await client.getByPath(`/race/${i}`));
        await client.close();
        await cache.close?.();
        const old = names.filter((name) => seen[name] !== 'new');
        expect(old).toEqual([]);
      });
    }
  }
});
