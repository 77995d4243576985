import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { motoEndpoint } from '../../scripts/harness/moto';

const root = resolve(__dirname, '../..');
const run = promisify(execFile);

/** The shell commands of a Markdown file: its ```bash blocks, in order. */
function commandsOf(file: string): string {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
}

/** Runs a document's commands as pasted into one shell at the repo root; any failing command fails the test. */
async function paste(file: string, skip: RegExp) {
  const script = commandsOf(file)
    .split('\n')
    .filter((line) => !skip.test(line))
    .join('\n');
  const env = {
    ...process.env,
    COFFER_CACHE: 'memory',
    AWS_ENDPOINT_URL: motoEndpoint(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST',
    AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
    // The OpenBao dev server of the test run (scripts/harness/openbao.ts), for the vault commands.
    VAULT_ADDR: process.env.COFFER_TEST_VAULT_ADDR,
    VAULT_TOKEN: process.env.COFFER_TEST_VAULT_TOKEN,
  };
  return run('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, env, encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
}

const unexpected = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('coffer: ') && !line.includes(' stats: '));

describe('the commands of the docs work when pasted', () => {
  it('README.md (the demo included; the test command is this very run)', async () => {
    const { stdout, stderr } = await paste('README.md', /scripts\/test\.sh|scripts\/demo-aws\.sh/);
    // coffer run masks what it injects: the host is a value, 'app' is too short to mask.
    expect(stdout).toContain('connecting to ***** as app');
    expect(stdout).toContain('DB_HOST=db.internal');
    expect(unexpected(stderr)).toEqual([]);
  }, 600_000);

  it('docs/getting-started.md', async () => {
    const { stdout, stderr } = await paste('docs/getting-started.md', /scripts\/demo\.sh/);
    expect(stdout).toMatch(/^app$/m);
    expect(stderr).toContain('hits=1 misses=0 stale=0 apiCalls=0 cache=sqlite');
    expect(unexpected(stderr)).toEqual([]);
  }, 120_000);

  // docs/cli.md runs in packages/coffer/test/cli-docs.test.ts, every block in order: running it
  // here too would write the same Vault secrets twice in one OpenBao.
});
