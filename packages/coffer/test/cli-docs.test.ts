import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { describeVault, address as vaultAddress, rootToken } from '../../vault/test/support';
import { bin, buildCli, folderWith, root } from './cli-helpers';

beforeAll(buildCli, 180_000);

/** The `bash` blocks of a Markdown page, in order (`sh` blocks are illustrations, not run). */
function bashBlocks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
}

/** Runs a script with bash, stopping at the first failing command; bounded in time. */
function runBash(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn('bash', ['-c', `set -eo pipefail\n${script}`], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', failed);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describeVault('docs/cli.md', () => {
  it('runs every bash example, as pasted and in order, against the file provider, moto and OpenBao', async () => {
    const blocks = bashBlocks(join(root, 'docs/cli.md'));
    // The built command, for a checkout whose examples/ has not linked it.
    const shims = folderWith({ coffer: `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n` });
    chmodSync(join(shims, 'coffer'), 0o755);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${shims}:${process.env.PATH}`,
      AWS_ENDPOINT_URL: motoEndpoint(),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      VAULT_ADDR: vaultAddress(),
      VAULT_TOKEN: rootToken(),
    };
    for (const name of ['COFFER_FILE', 'COFFER_CACHE', 'GITHUB_ACTIONS', 'AWS_PROFILE', 'VAULT_NAMESPACE']) delete env[name];

    const result = await runBash(blocks.join('\n'), env);

    if (result.code !== 0) writeFileSync(join(shims, 'failed.log'), `${result.stdout}\n---\n${result.stderr}`);
    expect({ code: result.code, stderr: result.stderr.split('\n').slice(-5) }).toMatchObject({ code: 0 });
    expect(blocks.length).toBeGreaterThan(10);
    for (const shown of [
      'db.internal',
      'token: *****',
      'token: tok-0123456789',
      'postgres://app:*****@*****/app',
      '-rw-------',
      '0 added, 0 changed, 6 unchanged',
      'r0tated',
      'exit 2',
    ]) {
      expect(result.stdout).toContain(shown);
    }
  }, 180_000);
});
