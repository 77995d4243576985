import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BenchContext } from '../lib/context';
import { judged, type Row } from '../lib/results';
import { elapsedMs, figure, ratio, rounds } from '../lib/stats';

const VALUES = 50;
const MODES = ['masked', 'unmasked'] as const;
type Mode = (typeof MODES)[number];

/** The built `coffer` binary of the workspace. */
function cofferBin(): string {
  return join(dirname(require.resolve('coffer/package.json')), 'dist', 'cli', 'main.js');
}

/** Runs `coffer run [--no-mask] -- node output-flood.js MB`, reading its stdout; time and bytes. */
function timedRun(bin: string, folder: string, child: string, megabytes: number, mode: Mode): Promise<{ ms: number; bytes: number }> {
  const args = [bin, 'run', ...(mode === 'unmasked' ? ['--no-mask'] : []), '--', process.execPath, child, String(megabytes)];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const run = spawn(process.execPath, args, { cwd: folder, stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    const timer = setTimeout(() => run.kill('SIGKILL'), 120_000);
    run.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    run.on('error', reject);
    run.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`coffer run ${mode} exited ${code}`));
      else resolve({ ms: elapsedMs(started), bytes });
    });
  });
}

/**
 * Scenario 9: `coffer run` with 50 secrets in the child's environment, the child writing 100 MB of
 * log lines that hold none of them, read to the end: masked (the default) against `--no-mask`
 * (the child writes straight to coffer's stdout). Time is from start to the last byte, the
 * process start and the secrets' reads included in both.
 */
export async function runMasking(context: BenchContext): Promise<Row[]> {
  const megabytes = context.quick ? 20 : 100;
  const folder = mkdtempSync(join(tmpdir(), 'coffer-bench-mask-'));
  const values = Object.fromEntries(Array.from({ length: VALUES }, (_, i) => [`v${i}`, `s3cr3t-${randomBytes(8).toString('hex')}"q`]));
  writeFileSync(join(folder, 'secrets.json'), JSON.stringify(values), { mode: 0o600 });
  const env = Object.keys(values).map((key, i) => `  V${i}: { provider: file, path: /${key} }`);
  writeFileSync(join(folder, 'coffer.yml'), ['providers:', '  file: { file: secrets.json }', 'env:', ...env, ''].join('\n'));
  const bin = cofferBin();
  const child = join(context.distDir, 'children', 'output-flood.js');
  try {
    const records = await rounds(context.quick ? 3 : 7, 1, async (index) => {
      const record = {} as Record<Mode, number>;
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(index + k) % MODES.length] as Mode;
        const { ms, bytes } = await timedRun(bin, folder, child, megabytes, mode);
        if (bytes < megabytes * 1e6) throw new Error(`${mode}: ${bytes} bytes arrived of ${megabytes} MB`);
        record[mode] = ms;
      }
      return record;
    });
    const times = (mode: Mode) =>
      figure(
        records.map((r) => r[mode]),
        'ms',
      );
    return [
      {
        scenario: '9',
        measure: `coffer run, ${VALUES} secrets, ${megabytes} MB of output without them: time (coffer: masked)`,
        figures: { coffer: times('masked'), floor: times('unmasked') },
        ratios: [judged('speed masked ÷ speed with --no-mask', ratio(times('unmasked'), times('masked')), { op: '>=', value: 0.5 })],
        note: 'floor: coffer run --no-mask, the child writing straight to the same pipe',
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
