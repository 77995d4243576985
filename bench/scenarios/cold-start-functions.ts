import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runChild } from '../lib/child';

/** The functions a cold start ran: how many in all, and how many per package. */
export interface FunctionsRun {
  readonly total: number;
  readonly byPackage: Record<string, number>;
}

interface ScriptCoverage {
  readonly url: string;
  readonly functions: readonly { readonly ranges: readonly { startOffset: number; count: number }[] }[];
}

/** Where each module of an unminified esbuild bundle starts: esbuild heads it with `// <path>`. */
function moduleStarts(code: string): Array<[number, string]> {
  const starts: Array<[number, string]> = [];
  let offset = 0;
  for (const line of code.split('\n')) {
    if (line.startsWith('// ')) starts.push([offset, line.slice(3)]);
    offset += line.length + 1;
  }
  return starts;
}

function moduleAt(starts: ReadonlyArray<[number, string]>, offset: number): string {
  let low = 0;
  let high = starts.length - 1;
  let found = '';
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, path] = starts[middle] as [number, string];
    if (start <= offset) {
      found = path;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Counts the functions that importing a one-read handler and its first read run, with V8's
 * precise coverage in a fresh process (`NODE_V8_COVERAGE`). Unlike a time, the count does not
 * move with the machine's load, and per package it shows what each one runs on that path. The
 * handler is bundled unminified (the same modules as the minified bundle), so that each function
 * can be attributed to the package it comes from.
 */
export async function functionsRun(
  source: string,
  mainFields: string[] | undefined,
  script: string,
  env: Record<string, string>,
  packageOf: (input: string) => string,
): Promise<FunctionsRun> {
  const folder = mkdtempSync(join(tmpdir(), 'coffer-bench-coverage-'));
  try {
    const bundle = join(folder, 'handler.js');
    await build({
      entryPoints: [source],
      outfile: bundle,
      bundle: true,
      logLevel: 'silent',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      ...(mainFields ? { mainFields } : {}),
    });
    const coverage = join(folder, 'coverage');
    await runChild(script, [bundle], { ...env, NODE_V8_COVERAGE: coverage });
    const scripts = readdirSync(coverage).flatMap(
      (file) => (JSON.parse(readFileSync(join(coverage, file), 'utf8')) as { result: ScriptCoverage[] }).result,
    );
    const ran = scripts.find((entry) => entry.url.endsWith('/handler.js'));
    if (!ran) throw new Error('the coverage holds no entry for the handler bundle');
    const starts = moduleStarts(readFileSync(bundle, 'utf8'));
    const byPackage: Record<string, number> = {};
    let total = 0;
    for (const { ranges } of ran.functions) {
      const whole = ranges[0];
      // The first entry is the bundle's own top level, which every bundle runs once.
      if (!whole || whole.count === 0 || whole.startOffset === 0) continue;
      const name = packageOf(moduleAt(starts, whole.startOffset));
      byPackage[name] = (byPackage[name] ?? 0) + 1;
      total++;
    }
    return { total, byPackage };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
