import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CHILD = join(__dirname, 'support', 'read-path-child.ts');
const REGISTER = join(__dirname, 'support', 'register.js');

interface Report {
  seen: unknown[];
  apiCalls: number;
}

/** Starts a child process on `task`: `loading` resolves when its backend read took its value. */
function start(task: Record<string, unknown>) {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, JSON.stringify(task)], {
    env: { ...process.env, COFFER_CACHE_KEY: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 50_000,
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<[string, () => void]> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const [line, resolve] of waiters) if (stdout.includes(`${line}\n`)) resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const saw = (line: string) => new Promise<void>((resolve) => waiters.push([line, resolve]));
  const ready = saw('ready');
  const report = new Promise<Report | undefined>((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited with ${code}: ${stderr.slice(-2000)}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      resolve(last.startsWith('{') ? (JSON.parse(last) as Report) : undefined);
    });
  });
  return { ready, loading: saw('loading'), first: saw('first'), report, go: () => child.stdin.end('go\n') };
}

async function run(task: Record<string, unknown>): Promise<Report | undefined> {
  const child = start(task);
  await child.ready;
  child.go();
  return child.report;
}

function place(values: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'coffer-read-path-'));
  const backend = join(root, 'backend.json');
  writeFileSync(backend, JSON.stringify(values));
  return { cache: join(root, 'cache.sqlite'), backend };
}

describe('the read path across processes sharing a SQLite file', () => {
  // Issue 17, defect 3: write-behind lost the last value when the process exited at once.
  it('has every value in the file before the read resolves: a process that exits at once loses none', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `/k${i}`);
    const { cache, backend } = place(Object.fromEntries(names.map((name) => [name, `v${name}`])));
    await run({ kind: 'read-all', cache, backend, names, exit: true });

    const next = await run({ kind: 'read-all', cache, backend, names });
    expect(next?.apiCalls).toBe(0);
    expect(next?.seen).toEqual(names.map((name) => `v${name}`));
  });

  // Issue 17: a lease was never renewed while its holder fetched, so a backend slower than the
  // lease made a waiting process take the lapsed lease over and fetch too.
  for (const tiered of [false, true]) {
    it(`keeps the lease of a load slower than the lease: the waiting process makes no call (${tiered ? 'memory + SQLite' : 'SQLite'})`, async () => {
      const { cache, backend } = place({ '/slow': 'v' });
      const lease = { ttl: 300, wait: 5000 };
      const slow = start({ kind: 'slow-read', cache, backend, names: ['/slow'], delayMs: 1500, tiered, lease });
      await slow.ready;
      slow.go();
      await slow.loading; // the holder's backend call answers in 1.5 s, five leases' time

      const waiting = await run({ kind: 'read', cache, backend, names: ['/slow'], tiered, lease });
      expect(waiting).toEqual({ seen: ['v'], apiCalls: 0 });
      expect(await slow.report).toEqual({ seen: ['v'], apiCalls: 1 });
    });
  }

  // Issue 17, defects 8 and 5: a load in flight in process B when process A updated stored its old
  // value after A's invalidation; every process, A first, then read the old value until the ttl.
  for (const tiered of [false, true]) {
    it(`never lets a load begun before an update store its old value (${tiered ? 'memory + SQLite' : 'SQLite'})`, async () => {
      const { cache, backend } = place({ '/flag': 'old' });
      const slow = start({ kind: 'slow-read', cache, backend, names: ['/flag'], delayMs: 1500, tiered });
      await slow.ready;
      slow.go();
      await slow.loading; // B's backend read has the old value, and answers in 1.5 s

      const updater = await run({ kind: 'update-then-read', cache, backend, names: ['/flag'], value: 'new', reads: 40, tiered });
      expect((await slow.report)?.seen).toEqual(['old']);
      // A never read an older value than its own write.
      expect(updater?.seen.every((value) => value === 'new')).toBe(true);

      // A third process, after B's load ended, reads the new value.
      const third = await run({ kind: 'read', cache, backend, names: ['/flag'], tiered });
      expect(third?.seen).toEqual(['new']);
    });
  }

  // A `clear()` or `refresh()` dropped only the keys its own process had read: another process's
  // entries in the shared file (a listing, say) were still served to it, and to their owners, as
  // if nothing had happened. The model test found it (a listing another client stored).
  for (const tiered of [false, true]) {
    for (const reset of ['clear', 'refresh'] as const) {
      it(`${reset}() reaches what other processes stored (${tiered ? 'memory + SQLite' : 'SQLite'})`, async () => {
        const { cache, backend } = place({ '/app/a': 'old-a', '/app/b': 'old-b' });
        const owner = start({
          kind: 'read-gate-read',
          cache,
          backend,
          names: ['/app/a'],
          lists: ['/app'],
          tiered,
          gate: `${backend}.gate`,
        });
        await owner.ready;
        owner.go();
        await owner.first; // its value and its listing are in the file
        writeFileSync(backend, JSON.stringify({ '/app/a': 'new-a', '/app/b': 'new-b' }));

        const resetter = await run({ kind: 'clear-then-read', cache, backend, names: ['/app/b'], lists: ['/app'], tiered, reset });
        expect(resetter?.seen).toEqual(['new-b', { '/app/a': 'new-a', '/app/b': 'new-b' }]);
        expect(resetter?.apiCalls).toBe(2);

        // A memory tier drops its copies within 2 s of the change (docs/caching.md); the shared
        // store's entries are looked at again within 250 ms.
        await sleep(tiered ? 2_100 : 300);
        writeFileSync(`${backend}.gate`, '');
        const owned = await owner.report;
        expect(owned?.seen).toEqual(['old-a', { '/app/a': 'old-a', '/app/b': 'old-b' }, 'new-a']);
      });
    }
  }
});
