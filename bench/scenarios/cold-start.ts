import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { seedParameters } from '../lib/aws';
import { awsEnvironment } from '../lib/aws';
import { runChild } from '../lib/child';
import { scaled } from '../lib/format';
import type { BenchContext } from '../lib/context';
import { judged, type Row } from '../lib/results';
import { type Figure, figure, ratio, rounds } from '../lib/stats';
import { COLD_PARAMETER, COLD_VALUE } from '../handlers/names';
import { functionsRun } from './cold-start-functions';

const HANDLERS = {
  'coffer-aws-ps': '@coffer/aws-ps',
  'coffer-provider': '@coffer/aws-ps',
  coffer: 'coffer',
  powertools: '@aws-lambda-powertools/parameters',
  sdk: '@aws-sdk/client-ssm',
} as const;
type Handler = keyof typeof HANDLERS;

export interface FirstRead {
  value: unknown;
  importMs: number;
  firstReadMs: number;
  processMs: number;
}

export interface Bundle {
  readonly bytes: number;
  /** Bytes in the bundle by package (`@coffer/core`, `@aws-sdk/client-ssm`, ...). */
  readonly byPackage: Record<string, number>;
}

function packageOf(input: string): string {
  const dependency = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
  if (dependency) return dependency;
  const workspace = /packages\/([^/]+)\//.exec(input)?.[1];
  if (workspace) return workspace === 'coffer' ? 'coffer' : `@coffer/${workspace}`;
  return 'the handler';
}

/**
 * Bundles a one-read handler the way one deploys a Lambda: everything in, minified, with esbuild's
 * defaults for Node (the CDK's and SAM's too). `mainFields: ['module', 'main']` makes esbuild
 * prefer a package's ES modules where it has no `exports` map, as some projects configure it.
 * Undefined when a package is not built.
 */
export async function bundle(source: string, outfile: string, mainFields?: string[]): Promise<Bundle | undefined> {
  let metafile: Metafile | undefined;
  try {
    ({ metafile } = await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      minify: true,
      metafile: true,
      logLevel: 'silent',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      ...(mainFields ? { mainFields } : {}),
    }));
  } catch {
    return undefined;
  }
  const byPackage: Record<string, number> = {};
  for (const output of Object.values(metafile?.outputs ?? {})) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
    }
  }
  return { bytes: statSync(outfile).size, byPackage };
}

/** What one bundle carries that the other does not, largest first: `+27 kB @aws-sdk/client-sts, ...`. */
export function extraBytes(ours: Bundle, theirs: Bundle): string {
  return Object.entries(ours.byPackage)
    .map(([name, bytes]) => [name, bytes - (theirs.byPackage[name] ?? 0)] as const)
    .filter(([, bytes]) => bytes > 1_000)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, bytes]) => `+${scaled(bytes, 'B')} ${name}`)
    .join(', ');
}

/** How the handlers are bundled: esbuild's defaults (the CDK's and SAM's), or preferring ES modules. */
export const BUNDLER_SETTINGS = [
  { key: 'defaults', title: "esbuild's defaults", mainFields: undefined },
  { key: 'modules', title: "mainFields ['module', 'main']", mainFields: ['module', 'main'] },
] as const;
export type BundlerSetting = (typeof BUNDLER_SETTINGS)[number];

/** The issue's targets against Powertools bundled the same way: time and size, per coffer handler. */
const TARGETS = {
  'coffer-aws-ps': { time: 1.0, size: 1.15 },
  coffer: { time: 1.1, size: 1.25 },
} as const;
/** coffer's own code (`@coffer/*`) in the minified `@coffer/aws-ps` handler. */
const OWN_CODE_BUDGET = 35_000;

/** The bytes of coffer's own packages in a bundle. */
export const ownBytes = (made: Bundle): number =>
  Object.entries(made.byPackage)
    .filter(([name]) => name.startsWith('@coffer/') || name === 'coffer')
    .reduce((sum, [, bytes]) => sum + bytes, 0);

/**
 * Scenario 4: a fresh Node process per run loads a minified one-read Lambda handler bundle and
 * invokes it once (import, then the first read from the emulator); and the bundle sizes. Under
 * both bundler settings, each against Powertools and the plain SDK bundled the same way.
 */
export async function coldStart(context: BenchContext): Promise<Row[]> {
  await seedParameters(context.emulator.endpoint, [COLD_PARAMETER], () => COLD_VALUE);
  const rows: Row[] = [];
  for (const setting of BUNDLER_SETTINGS) rows.push(...(await coldStartWith(context, setting)));
  return rows;
}

async function coldStartWith(context: BenchContext, setting: BundlerSetting): Promise<Row[]> {
  const sources = join(context.distDir, '..', 'handlers');
  const out = join(context.distDir, 'bundles', setting.key);
  const sizes: Partial<Record<Handler, Bundle>> = {};
  for (const name of Object.keys(HANDLERS) as Handler[]) {
    const made = await bundle(
      join(sources, `${name}.ts`),
      join(out, `${name}.js`),
      setting.mainFields ? [...setting.mainFields] : undefined,
    );
    if (made === undefined)
      context.skip(`4 cold start (${name}, ${setting.key})`, `${HANDLERS[name]} could not be bundled (not built yet?)`);
    else sizes[name] = made;
  }
  const handlers = Object.keys(sizes) as Handler[];
  const env = awsEnvironment(context.proxy.endpoint);
  const script = join(context.distDir, 'children', 'first-read.js');
  const records = await rounds(context.quick ? 3 : 9, 1, async (index) => {
    const record: Partial<Record<Handler, FirstRead>> = {};
    for (let k = 0; k < handlers.length; k++) {
      const name = handlers[(index + k) % handlers.length] as Handler;
      const run = await runChild<FirstRead>(script, [join(out, `${name}.js`)], env);
      if (run.value !== COLD_VALUE) throw new Error(`the ${name} handler read ${JSON.stringify(run.value)} instead of the seeded value`);
      record[name] = run;
    }
    return record;
  });
  const series = (name: Handler, pick: (run: FirstRead) => number) =>
    figure(
      records.map((r) => pick(r[name] as FirstRead)),
      'ms',
    );
  const sizeFigure = (name: Handler) => figure([(sizes[name] as Bundle).bytes], 'B');
  const powertools = sizes.powertools;
  const rows: Row[] = [];
  for (const coffer of ['coffer-aws-ps', 'coffer'] as const) {
    const ours = sizes[coffer];
    if (ours === undefined) continue;
    const label = `${coffer === 'coffer' ? 'coffer: the `coffer` package' : 'coffer: `@coffer/aws-ps`'}, ${setting.title}`;
    const total = (name: Handler) => series(name, (run) => run.importMs + run.firstReadMs);
    const figures = (pick: (name: Handler) => Figure) => ({
      coffer: pick(coffer),
      ...(powertools ? { powertools: pick('powertools') } : {}),
      ...(sizes.sdk ? { sdk: pick('sdk') } : {}),
    });
    const importOf = (name: Handler) => series(name, (run) => run.importMs).median;
    const readOf = (name: Handler) => series(name, (run) => run.firstReadMs).median;
    const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)} ms`;
    const timeWhy = `against Powertools: import ${signed(importOf(coffer) - importOf('powertools'))}, first read ${signed(readOf(coffer) - readOf('powertools'))} (medians)`;
    const batteries = coffer === 'coffer' ? ' (every provider and cache of the batteries-included package, bundled even for one read)' : '';
    const sizeWhy = powertools ? `the bundle carries more than Powertools': ${extraBytes(ours, powertools)}${batteries}` : '';
    const target = TARGETS[coffer];
    rows.push({
      scenario: '4',
      measure: `cold start, import + first read (${label})`,
      figures: figures(total),
      ratios: powertools
        ? [judged('coffer ÷ Powertools time', ratio(total(coffer), total('powertools')), { op: '<=', value: target.time }, timeWhy)]
        : [],
    });
    rows.push({
      scenario: '4',
      measure: `… of which import (${label})`,
      figures: figures((name) => series(name, (run) => run.importMs)),
      ratios: [],
    });
    rows.push({
      scenario: '4',
      measure: `minified one-read handler bundle (${label})`,
      figures: figures(sizeFigure),
      ratios: powertools
        ? [
            judged(
              'coffer ÷ Powertools size',
              ratio(sizeFigure(coffer), sizeFigure('powertools')),
              { op: '<=', value: target.size },
              sizeWhy,
            ),
          ]
        : [],
    });
    if (coffer === 'coffer-aws-ps') {
      const own = figure([ownBytes(ours)], 'B');
      const parts = Object.entries(ours.byPackage)
        .filter(([name]) => name.startsWith('@coffer/'))
        .map(([name, bytes]) => `${name} ${scaled(bytes, 'B')}`)
        .join(', ');
      rows.push({
        scenario: '4',
        measure: `… of which coffer's own code (${label})`,
        figures: { coffer: own },
        ratios: [judged("coffer's own code", own, { op: '<=', value: OWN_CODE_BUDGET, unit: 'B' }, parts)],
      });
    }
  }
  if (sizes['coffer-aws-ps'] && sizes['coffer-provider'] && powertools) rows.push(providerAlone(setting, series));
  if (sizes['coffer-aws-ps'] && powertools) rows.push(await functionsRow(sources, setting, script, env));
  return rows;
}

type Series = (name: Handler, pick: (run: FirstRead) => number) => Figure;

/**
 * The `aws.ps` provider asked directly, without the caching client, against Powertools: what the
 * SDK path of the provider costs, apart from what the client adds to the same handler.
 */
function providerAlone(setting: BundlerSetting, series: Series): Row {
  const total = (name: Handler) => series(name, (run) => run.importMs + run.firstReadMs);
  const medianOf = (name: Handler, pick: (run: FirstRead) => number) => series(name, pick).median;
  const added = (pick: (run: FirstRead) => number) => {
    const ms = medianOf('coffer-aws-ps', pick) - medianOf('coffer-provider', pick);
    return `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)} ms`;
  };
  const label = `coffer: the aws.ps provider alone, no caching client, ${setting.title}`;
  return {
    scenario: '4',
    measure: `cold start, import + first read (${label})`,
    figures: { coffer: total('coffer-provider'), powertools: total('powertools') },
    ratios: [judged('coffer ÷ Powertools time', ratio(total('coffer-provider'), total('powertools')))],
    note: `the caching client of \`@coffer/aws-ps\` adds ${added((run) => run.firstReadMs)} to the first read and ${added((run) => run.importMs)} to the import (medians)`,
  };
}

/** The functions import and first read run, `@coffer/aws-ps` against Powertools: a count, not a time. */
async function functionsRow(sources: string, setting: BundlerSetting, script: string, env: Record<string, string>): Promise<Row> {
  const fields = setting.mainFields ? [...setting.mainFields] : undefined;
  const count = (name: Handler) => functionsRun(join(sources, `${name}.ts`), fields, script, env, packageOf);
  const ours = await count('coffer-aws-ps');
  const theirs = await count('powertools');
  const own = (made: { byPackage: Record<string, number> }, prefix: RegExp) =>
    Object.entries(made.byPackage)
      .filter(([name]) => prefix.test(name))
      .sort((a, b) => b[1] - a[1])
      .map(([name, functions]) => `${name} ${functions}`)
      .join(', ');
  return {
    scenario: '4',
    measure: `functions run by import + first read (coffer: \`@coffer/aws-ps\`, ${setting.title})`,
    figures: {},
    ratios: [judged('coffer ÷ Powertools functions run', figure([ours.total / theirs.total], 'x'))],
    note: `coffer ${ours.total} (${own(ours, /^(@coffer\/|lru-cache$)/)}), Powertools ${theirs.total} (${own(theirs, /^@aws-lambda-powertools\//)}); the rest are the AWS SDK's`,
  };
}
