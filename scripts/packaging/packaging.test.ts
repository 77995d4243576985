import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { cleanEnv, extract, type PackedPackage, packAll, tarballFiles } from './pack';

const exec = promisify(execFile);
// Every command runs as in a user's shell: nothing of the workspace on NODE_PATH.
const run = (file: string, args: string[], options: { cwd?: string; timeout?: number } = {}) =>
  exec(file, args, { ...options, env: cleanEnv(), encoding: 'utf8' });
const root = resolve(__dirname, '../..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
// npm's download cache lives outside the checkout, so a second run installs offline.
const npmCache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'coffer', 'npm');

let packed: PackedPackage[];
let project: string;

beforeAll(async () => {
  packed = packAll();
  // A clean project outside the workspace: nothing resolves to the repo's node_modules.
  project = mkdtempSync(join(tmpdir(), 'coffer-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  for (const file of ['check.cjs', 'check.mjs', 'check.mts', 'tsconfig.json'])
    copyFileSync(join(__dirname, 'consumer', file), join(project, file));
  mkdirSync(npmCache, { recursive: true });
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', npmCache, '--loglevel', 'error'];
  await run('npm', [...args, ...packed.map((pkg) => pkg.tarball), '@types/node@^20.19.0'], { cwd: project, timeout: 420_000 });
}, 480_000);

describe('every public package, packed', () => {
  it('holds a README, the LICENSE, no workspace: range, no build info, and the sources its maps point at', () => {
    for (const { name, tarball } of packed) {
      const files = new Set(tarballFiles(tarball));
      const folder = extract(tarball);
      const manifest = readFileSync(join(folder, 'package.json'), 'utf8');
      const problems = [
        ...['README.md', 'LICENSE', 'package.json'].filter((file) => !files.has(file)).map((file) => `no ${file}`),
        ...(manifest.includes('workspace:') ? ['a workspace: range'] : []),
        ...[...files].filter((file) => file.endsWith('.tsbuildinfo')),
        ...[...files].filter((file) => file.endsWith('.map')).flatMap((map) => missingSources(folder, map, files)),
      ];
      expect({ name, problems }).toEqual({ name, problems: [] });
    }
  });

  it('passes @arethetypeswrong/cli and publint without errors', async () => {
    for (const { name, tarball } of packed) {
      const attw = await run(bin('attw'), [tarball, '--format', 'ascii'], { timeout: 120_000 }).catch((error) => error);
      expect({ name, attw: attw.code ?? 0, output: attw.code ? attw.stdout : '' }).toEqual({ name, attw: 0, output: '' });
      const publint = await run(bin('publint'), ['run', extract(tarball)], { timeout: 120_000 }).catch((error) => error);
      expect({ name, publint: publint.code ?? 0, output: publint.code ? publint.stdout : '' }).toEqual({ name, publint: 0, output: '' });
    }
  }, 600_000);
});

describe('the packages installed with npm in a clean project', () => {
  it('work from a CommonJS script', async () => {
    const { stdout } = await run(process.execPath, ['check.cjs'], { cwd: project, timeout: 60_000 });
    expect(stdout).toBe('cjs ok\n');
  }, 90_000);

  it('work from an ESM script, which loads the ESM build', async () => {
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: project, timeout: 60_000 });
    expect(stdout).toBe('esm ok\n');
  }, 90_000);

  it('type-check a strict TypeScript file, with nodenext and with bundler resolution', async () => {
    await expect(run(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: project, timeout: 180_000 })).resolves.toBeDefined();
    const bundler = ['-p', 'tsconfig.json', '--module', 'esnext', '--moduleResolution', 'bundler'];
    await expect(run(bin('tsc'), bundler, { cwd: project, timeout: 180_000 })).resolves.toBeDefined();
  }, 400_000);

  it.each([
    ['with the AWS SDK bundled', false],
    ['with the AWS SDK left out, as for the Lambda runtime', true],
  ])(
    'bundle with esbuild preferring ES modules %s: only the SDK commands coffer sends, and the bundle reads',
    async (_, sdkExternal) => {
      const outfile = join(project, sdkExternal ? 'bundled-slim.js' : 'bundled.js');
      const { metafile } = await build({
        stdin: {
          contents:
            "import { ParameterStore } from '@coffer/aws-ps';\nnew ParameterStore({ assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r' } }).get('/no/such', { default: 'fallback' }).then(console.log);\n",
          resolveDir: project,
          loader: 'ts',
        },
        outfile,
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        // The setting docs/lambda.md leads with: the SDK's ES modules, shaken to what is sent.
        mainFields: ['module', 'main'],
        metafile: true,
        logLevel: 'error',
        external: sdkExternal ? ['@aws-sdk/*', '@smithy/*'] : [],
      });
      const kept = Object.values(metafile.outputs)
        .flatMap((output) => Object.entries(output.inputs))
        .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
        .map(([input]) => input);
      const ssm = kept.filter((input) => input.includes('node_modules/@aws-sdk/client-ssm/'));
      if (sdkExternal) expect(ssm).toEqual([]);
      else {
        expect(ssm.filter((input) => input.includes('/dist-cjs/'))).toEqual([]);
        expect(ssm.filter((input) => input.includes('/commands/')).length).toBeLessThanOrEqual(4);
        expect(kept.filter((input) => input.includes('@aws-sdk/client-sts'))).toEqual([]);
      }

      // Run from another folder: the bundle needs no node_modules unless the SDK was left out.
      const env = {
        ...cleanEnv(),
        AWS_ENDPOINT_URL: process.env.COFFER_TEST_AWS_ENDPOINT,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST',
        AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
        ...(sdkExternal ? { NODE_PATH: join(project, 'node_modules') } : {}),
      };
      const { stdout } = await exec(process.execPath, [outfile], { cwd: tmpdir(), env, encoding: 'utf8' });
      expect(stdout).toBe('fallback\n');
    },
    120_000,
  );

  it('give a working coffer CLI whose help points at a public URL', async () => {
    writeFileSync(join(project, 'secrets.json'), JSON.stringify({ app: { host: 'db.internal' } }));
    const cli = join(project, 'node_modules/.bin/coffer');
    const { stdout } = await run(cli, ['get', 'file', '/app/host', '--file', 'secrets.json'], { cwd: project });
    expect(stdout).toBe('db.internal\n');
    expect((await run(cli, ['--help'], { cwd: project })).stdout).toContain('Docs: https://');
  }, 60_000);
});

/** The sources a source map names that the tarball does not hold. */
function missingSources(folder: string, map: string, files: Set<string>): string[] {
  const { sources } = JSON.parse(readFileSync(join(folder, map), 'utf8')) as { sources: string[] };
  const base = map.split('/').slice(0, -1).join('/');
  return sources
    .map((source) => resolve('/', base, source).slice(1))
    .filter((file) => !files.has(file))
    .map((file) => `${map} -> ${file}`);
}
