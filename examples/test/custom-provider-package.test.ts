import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transformSync } from 'esbuild';
import { cleanEnv, packAll } from '../../scripts/packaging/pack';

const run = promisify(execFile);
const npmCache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'coffer', 'npm');

// What a third-party provider author does: install @coffer/core and @coffer/conformance from
// npm (here, their packed tarballs) and run the suite under the test runner they use (node:test).
const suite = `import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { providerSuite } from '@coffer/conformance';
import { dirProvider } from './dir-provider.mjs';

const root = mkdtempSync(join(tmpdir(), 'coffer-dir-'));
const seed = async (entries) => {
  for (const { name, value } of entries) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), value);
  }
};

describe('dir', () => {
  providerSuite({
    name: 'dir',
    make: () => dirProvider({ root }),
    seed,
    capabilities: { list: true, update: true, create: true },
    runner: { describe, it },
  });
});
`;

describe('the custom provider example, as its author would test it', () => {
  it('passes @coffer/conformance installed from its packed tarball, under node:test', async () => {
    const tarballs = packAll(['@coffer/core', '@coffer/conformance']).map((pkg) => pkg.tarball);
    const project = mkdtempSync(join(tmpdir(), 'coffer-dir-provider-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'dir-provider', private: true, type: 'module' }));
    mkdirSync(npmCache, { recursive: true });
    const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', npmCache, '--loglevel', 'error'];
    await run('npm', [...install, ...tarballs], { cwd: project, timeout: 240_000, env: cleanEnv() });
    const source = readFileSync(join(__dirname, '../custom-provider/dir-provider.ts'), 'utf8');
    writeFileSync(join(project, 'dir-provider.mjs'), transformSync(source, { loader: 'ts', format: 'esm', target: 'node20' }).code);
    writeFileSync(join(project, 'dir.test.mjs'), suite);

    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'dir.test.mjs'], {
      cwd: project,
      timeout: 120_000,
      env: cleanEnv(),
    });

    expect(stdout).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(stdout)?.[1])).toBeGreaterThan(20);
  }, 420_000);
});
