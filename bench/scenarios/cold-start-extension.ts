import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { awsPs } from '@coffer/aws-ps';
import { serve, serveBackend } from 'coffer';
import { COLD_PARAMETER, COLD_VALUE } from '../handlers/names';
import { awsEnvironment, CREDENTIALS, REGION, seedParameters } from '../lib/aws';
import { runChild } from '../lib/child';
import type { BenchContext } from '../lib/context';
import { judged, type Row } from '../lib/results';
import { figure, ratio, rounds } from '../lib/stats';
import { type Bundle, BUNDLER_SETTINGS, type BundlerSetting, bundle, extraBytes, type FirstRead } from './cold-start';

/** One GET to a local server in fresh processes, with `fetch` and with `node:http`. */
async function httpFirstUse(context: BenchContext): Promise<Row> {
  const server = createServer((_request, response) => response.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const script = join(context.distDir, 'children', 'http-first-use.js');
  try {
    const records = await rounds(context.quick ? 5 : 15, 1, async () => ({
      fetch: (await runChild<{ ms: number }>(script, ['fetch', url], {})).ms,
      http: (await runChild<{ ms: number }>(script, ['http', url], {})).ms,
    }));
    const fetchFigure = figure(
      records.map((r) => r.fetch),
      'ms',
    );
    const httpFigure = figure(
      records.map((r) => r.http),
      'ms',
    );
    return {
      scenario: '4',
      measure: 'first GET to 127.0.0.1 in a fresh process: node:http (what the extension transport uses)',
      figures: { coffer: httpFigure },
      ratios: [judged('node:http ÷ fetch time', ratio(httpFigure, fetchFigure))],
      note: `the global fetch took ${fetchFigure.median.toFixed(1)} ms (median; it loads undici on first use)`,
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/**
 * Scenario 4, extension transport: the one-read handler on `@coffer/aws-ps/extension` (no AWS SDK
 * in its bundle) against Powertools', in fresh processes, under both bundler settings (the
 * extension handler's bundle is the same under both; Powertools' is not). Its first read goes to
 * `coffer serve` on 127.0.0.1, with no cache, which reads the emulator through the SDK, as the
 * Lambda extension reads AWS; Powertools reads the emulator directly.
 */
export async function coldStartExtension(context: BenchContext): Promise<Row[]> {
  await seedParameters(context.emulator.endpoint, [COLD_PARAMETER], () => COLD_VALUE);
  const token = randomBytes(16).toString('hex');
  const server = await serve({
    port: 0,
    token,
    backends: {
      parameters: serveBackend(awsPs({ endpoint: context.proxy.endpoint, region: REGION, credentials: CREDENTIALS, assumeRole: false }), {
        cache: false,
      }),
    },
  });
  try {
    const env = {
      ...awsEnvironment(context.proxy.endpoint),
      AWS_SESSION_TOKEN: token,
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(server.port),
    };
    const rows: Row[] = [];
    for (const setting of BUNDLER_SETTINGS) rows.push(...(await extensionRows(context, setting, env)));
    return [...rows, await httpFirstUse(context)];
  } finally {
    await server.close();
  }
}

async function extensionRows(context: BenchContext, setting: BundlerSetting, env: Record<string, string>): Promise<Row[]> {
  const sources = join(context.distDir, '..', 'handlers');
  const out = join(context.distDir, 'bundles', `extension-${setting.key}`);
  const fields = setting.mainFields ? [...setting.mainFields] : undefined;
  const ours = await bundle(join(sources, 'coffer-extension.ts'), join(out, 'coffer-extension.js'), fields);
  const theirs = await bundle(join(sources, 'powertools.ts'), join(out, 'powertools.js'), fields);
  if (!ours || !theirs) {
    context.skip(`4 cold start (extension, ${setting.key})`, 'a handler could not be bundled (not built yet?)');
    return [];
  }
  const script = join(context.distDir, 'children', 'first-read.js');
  const names = ['extension', 'powertools'] as const;
  const records = await rounds(context.quick ? 3 : 9, 1, async (index) => {
    const record: Partial<Record<(typeof names)[number], FirstRead>> = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(index + k) % names.length] as (typeof names)[number];
      const file = join(out, name === 'extension' ? 'coffer-extension.js' : 'powertools.js');
      const run = await runChild<FirstRead>(script, [file], env);
      if (run.value !== COLD_VALUE) throw new Error(`the ${name} handler read ${JSON.stringify(run.value)} instead of the seeded value`);
      record[name] = run;
    }
    return record;
  });
  const series = (name: (typeof names)[number], pick: (run: FirstRead) => number) =>
    figure(
      records.map((r) => pick(r[name] as FirstRead)),
      'ms',
    );
  const total = (name: (typeof names)[number]) => series(name, (run) => run.importMs + run.firstReadMs);
  const size = (made: Bundle) => figure([made.bytes], 'B');
  const label = `coffer: extension transport, first read via coffer serve on 127.0.0.1, ${setting.title}`;
  return [
    {
      scenario: '4',
      measure: `cold start, import + first read (${label})`,
      figures: { coffer: total('extension'), powertools: total('powertools') },
      ratios: [judged('coffer ÷ Powertools time', ratio(total('extension'), total('powertools')), { op: '<=', value: 0.3 })],
    },
    {
      scenario: '4',
      measure: `… of which import (${label})`,
      figures: { coffer: series('extension', (run) => run.importMs), powertools: series('powertools', (run) => run.importMs) },
      ratios: [],
    },
    {
      scenario: '4',
      measure: `minified one-read handler bundle (coffer: \`@coffer/aws-ps/extension\`, no AWS SDK, ${setting.title})`,
      figures: { coffer: size(ours), powertools: size(theirs) },
      ratios: [
        judged(
          'coffer ÷ Powertools size',
          ratio(size(ours), size(theirs)),
          { op: '<=', value: 0.12 },
          `it carries ${extraBytes(ours, { bytes: 0, byPackage: {} })}`,
        ),
      ],
    },
  ];
}
