import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { buildPackage } from '../../scripts/test-support/build-package';

const examples = resolve(__dirname, '..');

/** Builds the workspace packages (incrementally): examples run against what users install. */
export function buildPackages(): void {
  buildPackage('coffer');
}

/** Compiles one example to JavaScript (imports left as they are) and runs it as its own process. */
export function runExample(entry: string, env: Record<string, string>): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'coffer-example-')), basename(entry).replace(/\.ts$/, '.js'));
  buildSync({ entryPoints: [join(examples, entry)], outfile, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  return execFileSync(process.execPath, [outfile], {
    // The compiled file lives outside the repo: let it find coffer where the examples do.
    env: { ...process.env, NODE_PATH: join(examples, 'node_modules'), ...env },
    encoding: 'utf8',
  });
}
