import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { buildPackages } from './run-example';

const run = promisify(execFile);
const examples = join(__dirname, '..');

/** Bundles a few lines that import coffer, as an application would, and lists what went in. */
async function bundle(code: string, external = ['@aws-sdk/*', '@smithy/*'], mainFields?: string[]) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'coffer-bundle-')), 'app.js');
  const result = await build({
    stdin: { contents: code, resolveDir: examples, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    metafile: true,
    logLevel: 'error',
    external,
    ...(mainFields ? { mainFields } : {}),
  });
  // What esbuild read, and of that what is left in the output once it has shaken the tree.
  const kept = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
  return { outfile, inputs: Object.keys(result.metafile.inputs), kept };
}

const heavy = /node_modules\/(yaml|@keyv\/sqlite|@keyv\/redis|sqlite3|commander|@redis)\/|\/coffer\/dist\/cli\//;

beforeAll(() => buildPackages(), 180_000);

describe("coffer's bundle", () => {
  it("keeps only the SDK commands coffer sends, from the clients' ES modules, when the bundler prefers them", async () => {
    const { kept: inputs } = await bundle(
      "import '@coffer/aws-ps';\nimport '@coffer/aws-sm';\nimport { get } from '@coffer/core';\nexport const read = () => get('aws.ps', '/app/x');\n",
      [],
      ['module', 'main'],
    );
    const from = (name: string) => inputs.filter((input) => input.includes(`node_modules/${name}/`));
    const commands = (name: string) => from(name).filter((input) => input.includes('/commands/'));

    for (const client of ['@aws-sdk/client-ssm', '@aws-sdk/client-secrets-manager']) {
      expect(from(client).filter((input) => input.includes('/dist-cjs/'))).toEqual([]);
      expect(from(client).length).toBeGreaterThan(0);
    }
    // What the providers send (and the index's barrel), not the other ~150 commands of client-ssm.
    expect(commands('@aws-sdk/client-ssm').length).toBeLessThanOrEqual(6);
    expect(commands('@aws-sdk/client-secrets-manager').length).toBeLessThanOrEqual(7);
    expect(from('@aws-sdk/client-sts')).toEqual([]);
    // Assume-role loads `fromTemporaryCredentials` from the package's public entry: only it is kept.
    expect(from('@aws-sdk/credential-providers').filter((input) => /fromCognito|fromSSO|fromIni/.test(input))).toEqual([]);
  }, 60_000);

  it('carries no YAML, SQLite, Redis or CLI code when the application uses none of them', async () => {
    const { inputs } = await bundle("import { get } from 'coffer';\nexport const read = () => get('aws.ps', '/app/x');\n");
    expect(inputs.filter((input) => heavy.test(input))).toEqual([]);
    expect(inputs.some((input) => input.includes('/aws-ps/'))).toBe(true);
  }, 60_000);

  it('carries them once the application imports coffer/yaml, coffer/sqlite or coffer/redis', async () => {
    const { inputs } = await bundle(
      "import 'coffer/yaml';\nimport 'coffer/sqlite';\nimport 'coffer/redis';\nimport { get } from 'coffer';\n",
    );
    for (const name of ['yaml', '@keyv/sqlite', '@keyv/redis']) {
      expect(inputs.some((input) => input.includes(`node_modules/${name}/`))).toBe(true);
    }
  }, 60_000);

  it('reads a YAML file in a bundle run away from node_modules with coffer/yaml, and says how without it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'coffer-bundle-yaml-'));
    const file = join(folder, 'secrets.yml');
    writeFileSync(file, 'app:\n  host: db.internal\n');
    const code = (extra: string) =>
      `${extra}import { get } from 'coffer';\nget('file', '/app/host').then(console.log, (e) => { console.log(e.code, e.message); });\n`;

    // The whole application in one file, the AWS SDK included, as a Lambda zip without node_modules.
    const withYaml = await bundle(code("import 'coffer/yaml';\n"), []);
    const without = await bundle(code(''), []);

    expect(
      (await run(process.execPath, [withYaml.outfile], { cwd: folder, env: { PATH: process.env.PATH, COFFER_FILE: file } })).stdout,
    ).toBe('db.internal\n');
    const { stdout } = await run(process.execPath, [without.outfile], { cwd: folder, env: { PATH: process.env.PATH, COFFER_FILE: file } });
    expect(stdout).toContain('UNSUPPORTED');
    expect(stdout).toContain('npm install yaml');
    expect(stdout).toContain("import 'coffer/yaml'");
  }, 60_000);
});
