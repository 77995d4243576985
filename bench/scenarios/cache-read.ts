import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as CacheReadModule from '../cache-read';
import type { BenchContext } from '../lib/context';
import { judged, type Row } from '../lib/results';
import { figure, ratio, rounds } from '../lib/stats';

/**
 * Scenario 5, in process: the cost of a warm `client.get` on each cache, as measured by
 * bench/cache-read.ts (memoryCache, tieredCache, keyvCache over SQLite). Each of our rounds is
 * one of its runs, so that the spread over rounds shows.
 */
export async function cacheRead(context: BenchContext): Promise<Row[]> {
  // Loaded from its own compiled file rather than bundled in: it runs its command line when it is the main module.
  const file = join(context.distDir, 'cache-read.js');
  if (!existsSync(file)) {
    context.skip('5 warm cache reads', 'bench/cache-read.ts is not there');
    return [];
  }
  const { measureCacheReads } = require(file) as typeof CacheReadModule;
  const reads = context.quick ? 100_000 : 300_000;
  const records = await rounds(context.quick ? 3 : 7, 1, async () => {
    const results = await measureCacheReads({ reads, rounds: 1 });
    for (const result of results)
      if (result.apiCalls > 0) throw new Error(`${result.cache}: ${result.apiCalls} backend calls on warm reads`);
    return Object.fromEntries(results.map((result) => [result.cache, result.nsPerRead]));
  });
  const caches = Object.keys(records[0] ?? {});
  const memoryName = caches.find((name) => name.startsWith('memory'));
  const memory = memoryName
    ? figure(
        records.map((record) => record[memoryName] as number),
        'ns',
      )
    : undefined;
  return caches.map((cache) => {
    const cost = figure(
      records.map((record) => record[cache] as number),
      'ns',
    );
    return {
      scenario: '5',
      measure: `warm get per read, coffer on ${cache} (bench/cache-read.ts)`,
      figures: { coffer: cost },
      ratios: memory && cache !== memoryName ? [judged('÷ memoryCache cost', ratio(cost, memory))] : [],
    };
  });
}
