// The cost of a warm read through a client on each cache, measured in one run:
// memoryCache, keyvCache (the encrypted SQLite file) and tieredCache (memory over SQLite).
// Run: node -r ./packages/cache-keyv/test/support/register.js bench/cache-read.ts
// (or bundle it with esbuild as scripts/bench.sh does). Options: --reads N --rounds N.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { type CacheAdapter, createClient, memoryCache, memoryProvider } from '@coffer/core';

/** One cache's figures. */
export interface CacheReadResult {
  cache: string;
  /** Median nanoseconds per warm `client.get`. */
  nsPerRead: number;
  /** `nsPerRead` over memoryCache's. */
  ratioToMemory: number;
  /** Backend calls made during the measured reads: 0, or the reads were not warm. */
  apiCalls: number;
}

const NAMES = 100;

async function measure(make: () => CacheAdapter, reads: number, rounds: number): Promise<{ nsPerRead: number; apiCalls: number }> {
  const seed = Object.fromEntries(Array.from({ length: NAMES }, (_, i) => [`/bench/app/secret-${i}`, `value-${i}`]));
  const names = Object.keys(seed);
  const cache = make();
  const client = createClient({ provider: memoryProvider({ seed }), cache, ttl: '1h' });
  for (const name of names) await client.get(name);
  const warmCalls = client.stats().apiCalls;
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < reads; i++) await client.get(names[i % NAMES] as string);
    samples.push(Number(process.hrtime.bigint() - started) / reads);
  }
  const apiCalls = client.stats().apiCalls - warmCalls;
  await client.close();
  await cache.close?.();
  samples.sort((a, b) => a - b);
  return { nsPerRead: samples[Math.floor(samples.length / 2)] as number, apiCalls };
}

/**
 * Measures a warm read on memoryCache, keyvCache (SQLite) and tieredCache in one process.
 *
 * @example
 * ```ts
 * const results = await measureCacheReads({ reads: 20_000, rounds: 5 });
 * ```
 */
export async function measureCacheReads(options: { reads?: number; rounds?: number } = {}): Promise<CacheReadResult[]> {
  const reads = options.reads ?? 20_000;
  const rounds = options.rounds ?? 5;
  const folder = mkdtempSync(join(tmpdir(), 'coffer-bench-cache-'));
  const key = Buffer.alloc(32, 7);
  try {
    const caches: Array<[string, () => CacheAdapter]> = [
      ['memoryCache', () => memoryCache()],
      [
        'tieredCache (memory + SQLite)',
        () => tieredCache(memoryCache(), keyvCache({ path: join(folder, 'tiered.sqlite'), encryptionKey: key })),
      ],
      // The disk cache is read a tenth as many times: each read is a SQLite query plus a decryption.
      ['keyvCache (SQLite)', () => keyvCache({ path: join(folder, 'keyv.sqlite'), encryptionKey: key })],
    ];
    const results: CacheReadResult[] = [];
    for (const [cache, make] of caches) {
      const n = cache.startsWith('keyvCache') ? Math.max(1, Math.floor(reads / 10)) : reads;
      const { nsPerRead, apiCalls } = await measure(make, n, rounds);
      results.push({ cache, nsPerRead, apiCalls, ratioToMemory: 0 });
    }
    const memory = results[0]?.nsPerRead ?? 1;
    for (const result of results) result.ratioToMemory = result.nsPerRead / memory;
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function argument(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

if (require.main === module) {
  measureCacheReads({ reads: argument('reads'), rounds: argument('rounds') }).then(
    (results) => {
      console.log('warm client.get, 100 names, median of the rounds');
      console.log(
        `${'cache'.padEnd(32)}${'ns/read'.padStart(12)}${'reads/s'.padStart(14)}${'× memory'.padStart(10)}${'api calls'.padStart(11)}`,
      );
      for (const r of results) {
        const perSecond = Math.round(1e9 / r.nsPerRead).toLocaleString('en-US');
        console.log(
          `${r.cache.padEnd(32)}${r.nsPerRead.toFixed(0).padStart(12)}${perSecond.padStart(14)}${r.ratioToMemory.toFixed(1).padStart(10)}${String(r.apiCalls).padStart(11)}`,
        );
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
