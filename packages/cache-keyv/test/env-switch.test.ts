import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheFromSpec } from '@coffer/cache-keyv';
import { cacheFromEnvironment, createClient, memoryProvider } from '@coffer/core';
import { clusterSkip, clusterUrl } from './support/cluster';
import { runChild } from './support/fixtures';
import { ownRedis } from './support/own-redis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const freshFolder = () => mkdtempSync(join(tmpdir(), 'coffer-env-'));
const redisUrl = process.env.COFFER_TEST_REDIS_URL;
const redisSkip = process.env.COFFER_TEST_REDIS_SKIP ?? 'COFFER_TEST_REDIS_URL is not set';
const saved = { ...process.env };

function withEnv(env: Record<string, string>) {
  Object.assign(process.env, env);
}

afterEach(() => {
  for (const name of ['COFFER_CACHE', 'COFFER_CACHE_KEY', 'COFFER_CACHE_TTL', 'XDG_CACHE_HOME']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('COFFER_CACHE switching the cache of clients made without one', () => {
  it('puts clients on the SQLite file that sqlite:///abs/path.db names, shared across clients', async () => {
    const file = join(freshFolder(), 'app.db');
    withEnv({ COFFER_CACHE: `sqlite://${file}`, COFFER_CACHE_TTL: '2m' });
    const path = `/env/${randomBytes(5).toString('hex')}`;
    const seed = { [path]: 'v' };
    const first = createClient({ provider: memoryProvider({ seed }) });
    await first.get(path);
    await first.close();

    const second = createClient({ provider: memoryProvider({ seed }) });
    const value = await second.get(path);

    expect(value).toBe('v');
    expect(second.stats()).toMatchObject({ cache: 'sqlite', hits: 1, apiCalls: 0 });
    expect(existsSync(file)).toBe(true);
    expect(cacheFromEnvironment('x')).toMatchObject({ name: 'sqlite', ttl: 120_000 });
    await second.close();
  });

  it('puts COFFER_CACHE=sqlite at $XDG_CACHE_HOME/coffer/cache.sqlite in a 0700 folder', async () => {
    const home = freshFolder();
    withEnv({ COFFER_CACHE: 'sqlite', XDG_CACHE_HOME: home });
    const client = createClient({ provider: memoryProvider({ seed: { '/x': 'v' } }) });

    await client.get('/x');

    expect(statSync(join(home, 'coffer', 'cache.sqlite')).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'coffer')).mode & 0o777).toBe(0o700);
    await client.close();
  });

  it('clears only the entries of the client that clears', async () => {
    withEnv({ COFFER_CACHE: `sqlite://${join(freshFolder(), 'shared.db')}` });
    const seed = { '/same/name': 'v' };
    const make = (scope: string) => createClient({ provider: memoryProvider({ seed, scope }) });
    const [a, b] = [make('a'), make('b')];
    await Promise.all([a.get('/same/name'), b.get('/same/name')]);

    await a.clear();
    const [a2, b2] = [make('a'), make('b')];
    await Promise.all([a2.get('/same/name'), b2.get('/same/name')]);

    expect(a2.stats()).toMatchObject({ hits: 0, apiCalls: 1 });
    expect(b2.stats()).toMatchObject({ hits: 1, apiCalls: 0 });
    await Promise.all([a, b, a2, b2].map((client) => client.close()));
  });

  it('rejects specs it cannot use with a ValidationError that does not repeat a password', () => {
    const spec = (value: string, key?: string) => () => cacheFromSpec(value, { namespace: 'n', encryptionKey: key });
    const key = randomBytes(32).toString('base64');
    expect(spec('sqlite://relative/path.db')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(spec('sqlite:///')).toThrow(/database file/);
    expect(spec('redis://127.0.0.1:6379')).toThrow(/COFFER_CACHE_KEY/);
    expect(spec('redis+cluster://127.0.0.1:7000')).toThrow(/COFFER_CACHE_KEY/);
    for (const bad of [
      'redis://:hunter2-password@',
      'redis+cluster://:hunter2-password@',
      'rediss+cluster://u:hunter2-password@h:1,:x',
      'redis+cluster://u:hunter2-password@h:1/3',
    ]) {
      expect(spec(bad, key)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
      try {
        spec(bad, key)();
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });

  it('reads from the provider, with one warning, when Redis at COFFER_CACHE does not answer', async () => {
    withEnv({ COFFER_CACHE: 'redis://127.0.0.1:1', COFFER_CACHE_KEY: randomBytes(32).toString('base64') });
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const client = createClient({ provider: memoryProvider({ seed: { '/down': 'v' } }) });

    const values = [await client.get('/down'), await client.get('/down', { forceFetch: true })];

    const warnings = spy.mock.calls.length;
    spy.mockRestore();
    expect(values).toEqual(['v', 'v']);
    expect(warnings).toBe(1);
    await client.close();
  });

  it('loads neither Keyv nor SQLite for memory-only users, and loads them for COFFER_CACHE=sqlite', async () => {
    const prefix = `m${randomBytes(4).toString('hex')}`;
    const task = { kind: 'modules', prefix, count: 4 };

    const memory = await runChild(task, { COFFER_CACHE: 'memory' });
    const sqlite = await runChild(task, { COFFER_CACHE: `sqlite://${join(freshFolder(), 'm.db')}` });

    const keyvModules = (loaded: unknown) => (loaded as string[]).filter((path) => /[\\/](keyv|@keyv[\\/]sqlite|sqlite3)[\\/]/.test(path));
    expect(memory).toMatchObject({ cache: 'memory', apiCalls: 4 });
    expect(keyvModules(memory.loaded)).toEqual([]);
    expect(sqlite).toMatchObject({ cache: 'sqlite', apiCalls: 4 });
    expect(keyvModules(sqlite.loaded).length).toBeGreaterThan(0);
  });
});

(redisUrl ? describe : describe.skip)(`COFFER_CACHE=redis://${redisUrl ? '' : ` — skipped: ${redisSkip}`}`, () => {
  it('shares entries between clients through Redis, encrypted with COFFER_CACHE_KEY', async () => {
    withEnv({ COFFER_CACHE: redisUrl as string, COFFER_CACHE_KEY: randomBytes(32).toString('base64') });
    const path = `/redis/${randomBytes(5).toString('hex')}`;
    const scope = randomBytes(4).toString('hex');
    const seed = { [path]: { user: 'u', password: 'p' } };
    const first = createClient({ provider: memoryProvider({ seed, scope }) });
    await first.get(path);
    await first.close();

    const second = createClient({ provider: memoryProvider({ seed, scope }) });
    const value = await second.get(path, { keypath: ['password'] });

    expect(value).toBe('p');
    expect(second.stats()).toMatchObject({ cache: 'memory+redis', hits: 1, apiCalls: 0 });
    await second.close();
  });
});

(redisUrl ? describe : describe.skip)(
  `COFFER_CACHE=redis:// alone: memory in front of Redis${redisUrl ? '' : ` — skipped: ${redisSkip}`}`,
  () => {
    it('answers a warm read from memory, without a round trip to Redis', async () => {
      const redis = await ownRedis();
      if (!redis) throw new Error('no redis-server, though the harness found one');
      withEnv({ COFFER_CACHE: redis.url, COFFER_CACHE_KEY: randomBytes(32).toString('base64') });
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const path = `/tier/${randomBytes(5).toString('hex')}`;
      const client = createClient({ provider: memoryProvider({ seed: { [path]: 'v' } }) });
      try {
        await client.get(path);
        // With Redis gone, only the memory tier can answer.
        await redis.stop();

        expect(await client.get(path)).toBe('v');
        expect(client.stats()).toMatchObject({ cache: 'memory+redis', hits: 1, apiCalls: 1 });
      } finally {
        warn.mockRestore();
        await client.close();
        await redis.stop();
      }
    });

    it('keeps the memory tiers of two clients coherent through the invalidation channel', async () => {
      withEnv({ COFFER_CACHE: redisUrl as string, COFFER_CACHE_KEY: randomBytes(32).toString('base64') });
      const path = `/tier/${randomBytes(5).toString('hex')}`;
      const provider = memoryProvider({ seed: { [path]: 'old' }, scope: randomBytes(4).toString('hex') });
      const [writer, reader] = [createClient({ provider }), createClient({ provider })];
      try {
        expect(await writer.get(path)).toBe('old');
        expect(await reader.get(path)).toBe('old');
        // The reader's channel is up once its copies keep their full ttl; a second read is a memory hit.
        await sleep(300);
        expect(await reader.get(path)).toBe('old');

        await writer.update(path, 'new');
        let seen: unknown;
        for (const deadline = Date.now() + 1000; Date.now() < deadline && seen !== 'new'; await sleep(20)) seen = await reader.get(path);

        expect(seen).toBe('new');
        expect(reader.stats().apiCalls).toBe(1);
      } finally {
        await Promise.all([writer.close(), reader.close()]);
      }
    });
  },
);

(clusterUrl ? describe : describe.skip)(`COFFER_CACHE on a Redis Cluster${clusterUrl ? '' : ` — skipped: ${clusterSkip}`}`, () => {
  const seeds = (clusterUrl ?? '').replace('redis+cluster://', '').split(',');
  const shares = async (spec: string) => {
    withEnv({ COFFER_CACHE: spec, COFFER_CACHE_KEY: randomBytes(32).toString('base64') });
    const scope = randomBytes(4).toString('hex');
    const paths = Array.from({ length: 20 }, (_, i) => `/cluster/${scope}/n${i}`);
    const seed = Object.fromEntries(paths.map((path, i) => [path, `v${i}`]));
    const first = createClient({ provider: memoryProvider({ seed, scope }) });
    await Promise.all(paths.map((path) => first.get(path)));
    await first.close();
    const second = createClient({ provider: memoryProvider({ seed, scope }) });
    const values = await Promise.all(paths.map((path) => second.get(path)));
    const stats = second.stats();
    await second.close();
    return { values, stats, expected: paths.map((_, i) => `v${i}`) };
  };

  it('shares entries spread over every master through redis+cluster://host:port,host:port', async () => {
    const { values, stats, expected } = await shares(`redis+cluster://${seeds.slice(0, 2).join(',')}`);

    expect(values).toEqual(expected);
    expect(stats).toMatchObject({ cache: 'memory+redis', hits: 20, apiCalls: 0 });
  });

  it('finds the whole cluster from a redis:// URL naming one of its nodes', async () => {
    const { values, stats, expected } = await shares(`redis://${seeds[seeds.length - 1]}`);

    expect(values).toEqual(expected);
    expect(stats).toMatchObject({ hits: 20, apiCalls: 0 });
  });
});
