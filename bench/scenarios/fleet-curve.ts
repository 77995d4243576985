import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { awsEnvironment, numbered, seedParameters } from '../lib/aws';
import { spawn } from 'node:child_process';
import { parameterStoreClass } from '../lib/coffer-aws';
import type { BenchContext } from '../lib/context';
import { startRedis } from '../lib/harness';
import { counted } from '../lib/requests';
import { judged, type Row } from '../lib/results';
import { figure, ratio, rounds } from '../lib/stats';

const NAMES = 1000;
const FLOOR = NAMES / 10;
const FLEETS = [1, 4, 16, 32, 64] as const;
const QUICK_FLEETS = [1, 4, 16] as const;
/**
 * Leases are not renewed while their holder fetches: one that lapses, or a waiter that stops
 * waiting, sends every process to the backend. The emulator answers a 64-process fleet's first
 * burst in tens of seconds (AWS in well under one), so the leases here outlast that; with the
 * defaults (5 s) a fleet whose first fetch takes longer than 5 s pays for it in every process.
 */
const LEASE = { ttl: 60_000, wait: 60_000 };

const CHILD_LIMIT_MS = 240_000;

/**
 * Starts one reader, resolving once it has loaded coffer and the SDK: on two cores, 64 Node
 * processes loading modules at once would starve each other for seconds (their Redis
 * connections time out), and the curve would measure module loading, not the shared cache.
 */
function startReady(script: string, task: string, env: Record<string, string>): Promise<{ go(): void; done: Promise<number> }> {
  const child = spawn(process.execPath, [script, task], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_LIMIT_MS);
  let output = '';
  let report: { cacheWarnings?: number } = {};
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += String(chunk);
  });
  const done = new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => {
      clearTimeout(killer);
      const last = output.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) report = JSON.parse(last) as { cacheWarnings?: number };
      if (code === 0) resolve(report.cacheWarnings ?? 0);
      else reject(new Error(`a fleet reader failed: ${errors.trim().split('\n').pop() ?? code}`));
    });
  });
  done.catch(() => undefined);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
      if (output.startsWith('ready\n')) resolve({ go: () => child.stdin.end('go\n'), done });
    });
    done.then(() => reject(new Error('a fleet reader exited before it was ready')), reject);
  });
}

/**
 * Scenario 9, the fleet's cost curve: N processes started together each read the same 1,000
 * parameters through one shared cache, `COFFER_CACHE=redis://…` as a deployment sets it (memory
 * in front of Redis, leases across processes), for N = 1, 4, 16, 32, 64. Reports the
 * `GetParameters` calls (the floor is 100 at every N; target: within 10 %) and the wall time from
 * the moment every process, loaded and ready, is told to read, until the last one has its values.
 * Each round and N starts cold, in a namespace of its own.
 */
export async function fleetCurve(context: BenchContext): Promise<Row[]> {
  if (!parameterStoreClass()) {
    context.skip('9 fleet cost curve', '@coffer/aws-ps is not built yet');
    return [];
  }
  const redis = await startRedis();
  if (typeof redis === 'string') {
    context.skip('9 fleet cost curve', redis);
    return [];
  }
  try {
    const script = join(context.distDir, 'children', 'fleet-read.js');
    const names = numbered('/bench/curve/p', NAMES);
    await seedParameters(context.emulator.endpoint, names, (name) => `value of ${name}`);
    const env = awsEnvironment(context.proxy.endpoint);
    const key = randomBytes(32).toString('base64');
    const rows: Row[] = [];
    for (const processes of context.quick ? QUICK_FLEETS : FLEETS) {
      // A fleet that fails (a reader's read failed) is said as such; the smaller fleets still count.
      const measured = await rounds(context.quick ? 1 : 2, 0, async () => {
        const namespace = `curve-${randomBytes(6).toString('hex')}`;
        const task = JSON.stringify({
          contender: 'coffer-redis',
          endpoint: context.proxy.endpoint,
          names,
          redis: { url: redis.url, namespace, key },
          timeoutMs: 60_000,
          lease: LEASE,
          together: true,
        });
        const fleet = await Promise.all(Array.from({ length: processes }, () => startReady(script, task, env)));
        const run = await counted(context.proxy, async () => {
          for (const child of fleet) child.go();
          return Promise.all(fleet.map((child) => child.done));
        });
        return { requests: run.requests, ms: run.ms, failedCaches: run.result.filter((warnings) => warnings > 0).length };
      }).catch((error: Error) => error);
      if (measured instanceof Error) {
        context.skip(`9 fleet cost curve, ${processes} processes`, measured.message);
        continue;
      }
      const records = measured;
      const calls = figure(
        records.map((record) => record.requests),
        'req',
      );
      const floor = figure(
        records.map(() => FLOOR),
        'req',
      );
      const failed = Math.max(...records.map((record) => record.failedCaches));
      const label = `fleet cost curve, ${processes} process${processes === 1 ? '' : 'es'} × ${NAMES} names on Redis`;
      rows.push({
        scenario: '11',
        measure: `${label}: GetParameters`,
        figures: { coffer: calls, floor },
        ratios: [judged('coffer / floor', ratio(calls, floor), { op: '<=', value: 1.1 })],
        ...(failed > 0 ? { note: `${failed} process(es) warned that the shared cache failed (each then reads alone)` } : {}),
      });
      rows.push({
        scenario: '11',
        measure: `${label}: wall time until the last process has its values`,
        figures: {
          coffer: figure(
            records.map((record) => record.ms),
            'ms',
          ),
        },
        ratios: [],
      });
    }
    return rows;
  } finally {
    await redis.stop();
  }
}
