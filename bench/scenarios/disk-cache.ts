import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsEnvironment, numbered, seedParameters } from '../lib/aws';
import { runChild } from '../lib/child';
import { keyvCacheFactory, parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { counted } from '../lib/requests';
import { judged, type Row } from '../lib/results';
import { figure, ratio, rounds } from '../lib/stats';

const PREFIX = '/bench/disk/p';
const COUNT = 100;
const KINDS = ['sqlite', 'memory', 'powertools'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Scenario 5: a fresh process reads 100 parameters concurrently, with coffer over an SQLite cache
 * file an earlier process filled (requests must be 0), with coffer's memory cache, and with
 * Powertools. Time is from process start: imports, the cache file opening, and the reads.
 */
export async function diskCache(context: BenchContext): Promise<Row[]> {
  if (!parameterStoreClass() || !keyvCacheFactory()) {
    context.skip('5 disk cache', '@coffer/aws-ps or @coffer/cache-keyv is not built yet');
    return [];
  }
  await seedParameters(context.emulator.endpoint, numbered(PREFIX, COUNT), (name) => `value of ${name}`);
  const folder = mkdtempSync(join(tmpdir(), 'coffer-bench-'));
  const file = join(folder, 'cache.sqlite');
  const env = awsEnvironment(context.proxy.endpoint);
  const script = join(context.distDir, 'children', 'disk-read.js');
  const run = async (kind: Kind) => {
    const { result, requests } = await counted(context.proxy, () =>
      runChild<{ ms: number; wrong: number }>(script, [kind, file, PREFIX, String(COUNT)], env),
    );
    if (result.wrong > 0) throw new Error(`${kind}: ${result.wrong} values read wrong`);
    return { ms: result.ms, requests };
  };
  try {
    const filled = await run('sqlite');
    context.log(`5: the first process filled the SQLite cache with ${filled.requests} requests`);
    const records = await rounds(context.quick ? 3 : 9, 1, async (index) => {
      const record = {} as Record<Kind, { ms: number; requests: number }>;
      for (let k = 0; k < KINDS.length; k++) {
        const kind = KINDS[(index + k) % KINDS.length] as Kind;
        record[kind] = await run(kind);
      }
      return record;
    });
    const requests = (kind: Kind) =>
      figure(
        records.map((r) => r[kind].requests),
        'req',
      );
    const times = (kind: Kind) =>
      figure(
        records.map((r) => r[kind].ms),
        'ms',
      );
    const what = `fresh process, ${COUNT} reads`;
    return [
      {
        scenario: '5',
        measure: `${what}: requests (coffer: SQLite cache filled earlier)`,
        figures: { coffer: requests('sqlite'), powertools: requests('powertools') },
        ratios: [judged('coffer requests', requests('sqlite'), { op: '<=', value: 0, unit: 'req' })],
      },
      {
        scenario: '5',
        measure: `${what}: requests (coffer: memory cache)`,
        figures: { coffer: requests('memory'), powertools: requests('powertools') },
        ratios: [],
      },
      {
        scenario: '5',
        measure: `${what}: time from process start (coffer: SQLite cache)`,
        figures: { coffer: times('sqlite'), powertools: times('powertools') },
        ratios: [
          judged('memory cache ÷ SQLite cache time', ratio(times('memory'), times('sqlite'))),
          judged('Powertools ÷ coffer time', ratio(times('powertools'), times('sqlite'))),
        ],
      },
      {
        scenario: '5',
        measure: `${what}: time from process start (coffer: memory cache)`,
        figures: { coffer: times('memory'), powertools: times('powertools') },
        ratios: [],
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
