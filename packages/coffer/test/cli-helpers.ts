import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPackage } from '../../../scripts/test-support/build-package';

export { buildPackage };

export const root = resolve(__dirname, '../../..');
export const bin = join(root, 'packages/coffer/dist/cli/main.js');

/** Builds the CLI: the tests run the built binary, as a user would. */
export function buildCli(): void {
  buildPackage('coffer');
}

/** What a run of the binary left behind. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  input?: string;
  env?: Record<string, string | undefined>;
  /** Called with the process id and each chunk of stdout, to signal the process at the right time. */
  onStdout?: (text: string, pid: number) => void;
}

/** Runs `coffer <args>` as a separate process. */
export function coffer(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((done, failed) => {
    // GITHUB_ACTIONS would add ::add-mask:: lines to every `run`: only the tests of them set it.
    const env: Record<string, string | undefined> = {
      ...process.env,
      COFFER_CACHE: 'memory',
      COFFER_FILE: undefined,
      GITHUB_ACTIONS: undefined,
      ...options.env,
    };
    for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? tmpdir(), env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(chunk.toString(), child.pid as number);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', failed);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    if (options.input === undefined) child.stdin.end();
    else child.stdin.end(options.input);
  });
}

/** A random value no other fixture shares: it must never show up on stderr. */
export const secret = (): string => `s3cr3t-${randomBytes(8).toString('hex')}`;

/** A new folder holding the given files. */
export function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'coffer-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text, { mode: 0o600 });
  return folder;
}

/** Asserts the shape of an error run: the exit code, one line on stderr, no stack trace. */
export function expectOneLineError(result: CliResult, code: number, pattern?: RegExp): void {
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code, stdout: '' });
  expect(result.stderr).toMatch(/^coffer: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (pattern) expect(result.stderr).toMatch(pattern);
}
