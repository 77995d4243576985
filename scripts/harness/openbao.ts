import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort } from './moto';

/**
 * A real OpenBao server (the Linux Foundation fork of HashiCorp Vault, same HTTP API) for the
 * vault tests: `bao server -dev` on a free 127.0.0.1 port with a random root token, installed
 * from PyPI into the tests' virtualenv by scripts/setup-openbao.sh. `setup()` runs once per jest
 * run and publishes `COFFER_TEST_VAULT_ADDR` and `COFFER_TEST_VAULT_TOKEN`, or
 * `COFFER_TEST_VAULT_SKIP` with the reason the vault tests skip. Tests that stop a server start
 * their own with `startOpenBao()`.
 */

/** A running OpenBao dev server. */
export interface OpenBao {
  /** `http://127.0.0.1:<port>`, or `https://` with `tls`. */
  readonly address: string;
  /** With `tls`: the PEM file of the CA that signed the server's certificate. */
  readonly caFile: string | undefined;
  /** The root token of this server (a test credential, random per server). */
  readonly token: string;
  readonly pid: number;
  /** Stops the server and waits until it is gone. */
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
let binary: string | undefined;
let shared: OpenBao | undefined;

// Runs bao under a small shell that ends it when its parent (jest) is gone, so that a killed
// test run leaves no server behind, and that passes a SIGTERM on.
const WATCHED_SERVER = `
parent=$PPID
"$@" &
child=$!
trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT
while kill -0 $parent 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill $child 2>/dev/null
wait $child
`;

function findBao(): string {
  binary ??= execFileSync('bash', [join(ROOT, 'scripts', 'setup-openbao.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 600_000,
  }).trim();
  return binary;
}

function healthy(address: string, caFile: string | undefined): Promise<boolean> {
  // The CA file appears once the TLS dev server has made it.
  if (caFile && !existsSync(caFile)) return Promise.resolve(false);
  const ca = caFile ? readFileSync(caFile, 'utf8') : undefined;
  const getter = ca ? httpsGet : get;
  return new Promise((resolve) => {
    const request = getter(`${address}/v1/sys/health`, { agent: false, timeout: 1000, ...(ca ? { ca } : {}) }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Starts a private OpenBao dev server (installing OpenBao first if needed) and waits until it
 * answers. It never writes the token to `~/.vault-token`.
 *
 * @example
 * ```ts
 * const bao = await startOpenBao();
 * const provider = vault({ address: bao.address, token: bao.token });
 * await bao.stop();
 * ```
 */
export async function startOpenBao(options: { tls?: boolean } = {}): Promise<OpenBao> {
  const executable = findBao();
  const port = await freePort();
  const certDir = options.tls ? mkdtempSync(join(tmpdir(), 'coffer-openbao-tls-')) : undefined;
  const address = `${certDir ? 'https' : 'http'}://127.0.0.1:${port}`;
  const caFile = certDir && join(certDir, 'vault-ca.pem');
  const token = `root-${randomBytes(12).toString('hex')}`;
  const logPath = join(tmpdir(), `coffer-openbao-${port}.log`);
  const log = openSync(logPath, 'w');
  const args = ['server', '-dev', `-dev-listen-address=127.0.0.1:${port}`, `-dev-root-token-id=${token}`, '-dev-no-store-token'];
  if (certDir) args.push('-dev-tls', `-dev-tls-cert-dir=${certDir}`);
  const child = spawn('sh', ['-c', WATCHED_SERVER, 'sh', executable, ...args], {
    stdio: ['ignore', log, log],
    env: { ...process.env, BAO_LOG_LEVEL: 'warn', VAULT_TOKEN: '', BAO_TOKEN: '' },
  });
  closeSync(log);
  child.unref();
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    rmSync(logPath, { force: true });
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) break;
    if (await healthy(address, caFile)) return { address, token, caFile, pid: child.pid ?? 0, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop().catch(() => undefined);
  throw new Error(`OpenBao did not start on ${address}`);
}

/** Starts the shared server and publishes its address and token, or why the vault tests skip. */
export async function setup(): Promise<void> {
  if (process.env.COFFER_TEST_VAULT_ADDR || process.env.COFFER_TEST_VAULT_SKIP) return;
  try {
    shared = await startOpenBao();
  } catch (error) {
    const reason = `OpenBao is not available: ${(error as Error).message.split('\n')[0]}`;
    process.env.COFFER_TEST_VAULT_SKIP = reason;
    process.stderr.write(`harness/openbao: the vault tests will skip: ${reason}\n`);
    return;
  }
  process.env.COFFER_TEST_VAULT_ADDR = shared.address;
  process.env.COFFER_TEST_VAULT_TOKEN = shared.token;
  process.env.COFFER_TEST_VAULT_PID = String(shared.pid);
}

/** Stops the shared server. */
export async function teardown(): Promise<void> {
  if (shared) {
    await shared.stop();
    shared = undefined;
  } else if (process.env.COFFER_TEST_VAULT_PID) {
    try {
      process.kill(Number(process.env.COFFER_TEST_VAULT_PID), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  for (const name of ['COFFER_TEST_VAULT_PID', 'COFFER_TEST_VAULT_ADDR', 'COFFER_TEST_VAULT_TOKEN']) delete process.env[name];
}
