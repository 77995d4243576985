import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsEnvironment, numbered, seedParameters } from '../lib/aws';
import { runChild } from '../lib/child';
import { parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { counted } from '../lib/requests';
import type { Row } from '../lib/results';
import { figure, figuresOf, rounds } from '../lib/stats';

const NAMES = 100;
const FLOOR = Math.ceil(NAMES / 10);
const CONTENDERS = ['coffer-shared', 'coffer-memory', 'powertools'] as const;

/**
 * Scenario 8: N processes started together each read the same 100 parameters: coffer with a
 * shared cache (memory in front of one SQLite file: leases make one process fetch), coffer with
 * memory only, Powertools, and the floor (10 `GetParameters`). Requests through the counting
 * proxy; wall time until the last process has its values.
 */
export async function fleetColdStart(context: BenchContext): Promise<Row[]> {
  if (!parameterStoreClass()) {
    context.skip('8 fleet cold start', '@coffer/aws-ps is not built yet');
    return [];
  }
  const processes = context.quick ? 4 : 8;
  const script = join(context.distDir, 'children', 'fleet-read.js');
  const names = numbered('/bench/fleet/p', NAMES);
  await seedParameters(context.emulator.endpoint, names, (name) => `value of ${name}`);
  const env = awsEnvironment(context.proxy.endpoint);
  const records = await rounds(context.slowRounds, 0, async () => {
    const record: Record<string, { requests: number; ms: number }> = {};
    for (const contender of CONTENDERS) {
      const path = join(mkdtempSync(join(tmpdir(), 'coffer-bench-fleet-')), 'cache.sqlite');
      const task = JSON.stringify({ contender, endpoint: context.proxy.endpoint, names, path });
      const run = await counted(context.proxy, () =>
        Promise.all(Array.from({ length: processes }, () => runChild<{ ms: number }>(script, [task], env, 120_000))),
      );
      record[contender] = { requests: run.requests, ms: run.ms };
    }
    return record;
  });
  const requests = figuresOf(CONTENDERS, records, 'requests');
  const times = figuresOf(CONTENDERS, records, 'ms');
  const label = `fleet cold start, ${processes} processes × ${NAMES} names`;
  return [
    {
      scenario: '8',
      measure: `${label}: requests (coffer with a shared SQLite cache)`,
      figures: { coffer: requests['coffer-shared'], powertools: requests.powertools, floor: figure([FLOOR], 'req') },
      ratios: [],
    },
    {
      scenario: '8',
      measure: `${label}: requests (coffer with memory only)`,
      figures: { coffer: requests['coffer-memory'], floor: figure([FLOOR * processes], 'req') },
      ratios: [],
      note: 'the floor here is each process alone: 10 calls each',
    },
    {
      scenario: '8',
      measure: `${label}: wall time (coffer shared / Powertools)`,
      figures: { coffer: times['coffer-shared'], powertools: times.powertools },
      ratios: [],
    },
    {
      scenario: '8',
      measure: `${label}: wall time (coffer with memory only)`,
      figures: { coffer: times['coffer-memory'] },
      ratios: [],
    },
  ];
}
