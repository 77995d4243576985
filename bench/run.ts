import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { awsEnvironment } from './lib/aws';
import type { BenchContext, Scenario } from './lib/context';
import { awsProxy, startMoto } from './lib/harness';
import type { BenchResults, Row } from './lib/results';
import { within } from './lib/stats';
import { textTable } from './lib/table';
import { writeReport } from './lib/report';
import { cacheRead } from './scenarios/cache-read';
import { cachedRead } from './scenarios/cached-read';
import { coldBurst } from './scenarios/cold-burst';
import { coldStart } from './scenarios/cold-start';
import { coldStartExtension } from './scenarios/cold-start-extension';
import { diskCache } from './scenarios/disk-cache';
import { listing } from './scenarios/listing';
import { outage } from './scenarios/outage';
import { fleetColdStart } from './scenarios/fleet-cold-start';
import { runMasking } from './scenarios/run-masking';
import { fleetCurve } from './scenarios/fleet-curve';
import { sequentialReads } from './scenarios/sequential-reads';
import { serveVsAgent } from './scenarios/serve-vs-agent';

const SCENARIOS: readonly { id: string; name: string; run: Scenario; limitMs: number }[] = [
  { id: '1', name: 'cached', run: cachedRead, limitMs: 180_000 },
  { id: '2', name: 'burst', run: coldBurst, limitMs: 300_000 },
  { id: '3', name: 'listing', run: listing, limitMs: 180_000 },
  { id: '4', name: 'cold-start', run: coldStart, limitMs: 240_000 },
  { id: '4', name: 'cold-start-extension', run: coldStartExtension, limitMs: 180_000 },
  { id: '5', name: 'disk-cache', run: diskCache, limitMs: 180_000 },
  { id: '5', name: 'cache-read', run: cacheRead, limitMs: 180_000 },
  { id: '6', name: 'outage', run: outage, limitMs: 240_000 },
  { id: '7', name: 'sequential', run: sequentialReads, limitMs: 240_000 },
  { id: '8', name: 'fleet', run: fleetColdStart, limitMs: 300_000 },
  { id: '9', name: 'masking', run: runMasking, limitMs: 600_000 },
  { id: '10', name: 'serve', run: serveVsAgent, limitMs: 300_000 },
  { id: '11', name: 'fleet-curve', run: fleetCurve, limitMs: 900_000 },
];

function argument(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** The installed version of a package, found from its entry point (some export maps hide their package.json). */
function version(name: string): string {
  try {
    let folder = dirname(require.resolve(name));
    while (folder !== dirname(folder)) {
      const file = join(folder, 'package.json');
      if (existsSync(file)) {
        const found = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (found.name === name) return found.version ?? 'unknown';
      }
      folder = dirname(folder);
    }
  } catch {
    // not installed
  }
  return 'not installed';
}

async function main(args: readonly string[]): Promise<void> {
  const quick = args.includes('--quick');
  const only = argument(args, '--only')?.split(',');
  const benchDir = resolve(__dirname, '..');
  const outDir = resolve(argument(args, '--out') ?? join(benchDir, 'results'));
  Object.assign(process.env, awsEnvironment());
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
  const skipped: { scenario: string; reason: string }[] = [];
  const startedAt = new Date().toISOString();

  log('starting the AWS emulator (moto)');
  const emulator = await startMoto();
  const proxy = await awsProxy(emulator.endpoint);
  const context: BenchContext = {
    quick,
    rounds: quick ? 5 : 11,
    warmup: quick ? 1 : 2,
    slowRounds: quick ? 1 : 5,
    emulator,
    proxy,
    distDir: __dirname,
    log,
    skip: (scenario, reason) => {
      skipped.push({ scenario, reason });
      log(`${scenario}: ${reason}`);
    },
  };
  const rows: Row[] = [];
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.id) && !only.includes(scenario.name)) continue;
      log(`scenario ${scenario.id} (${scenario.name})`);
      const started = Date.now();
      try {
        rows.push(...(await within(scenario.limitMs, `scenario ${scenario.name}`, scenario.run(context))));
      } catch (error) {
        context.skip(scenario.id, `failed: ${(error as Error).message}`);
      }
      log(`scenario ${scenario.id} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await proxy.close();
    await emulator.stop();
  }

  const results: BenchResults = {
    startedAt,
    mode: quick ? 'quick' : 'full',
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
    },
    versions: Object.fromEntries(
      ['coffer', '@aws-lambda-powertools/parameters', '@aws-sdk/client-ssm', '@aws-sdk/client-secrets-manager', 'lru-cache', 'esbuild'].map(
        (name) => [name, version(name)],
      ),
    ),
    rows,
    skipped,
  };
  mkdirSync(outDir, { recursive: true });
  const stem = join(outDir, startedAt.replace(/[:.]/g, '-'));
  writeFileSync(`${stem}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeReport(results, stem);
  process.stdout.write(`\n${textTable(rows)}\n`);
  if (skipped.length > 0) process.stdout.write(`\nnot measured:\n${skipped.map((s) => `- ${s.scenario}: ${s.reason}`).join('\n')}\n`);
  process.stdout.write(`\nraw figures: ${stem}.json\nchart: ${stem}.svg\n`);
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
