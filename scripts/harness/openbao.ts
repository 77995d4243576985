import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers200, freePort, installedBy, sharedServer, startServerProcess } from '../test-support/server-process';

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

let binary: string | undefined;

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
  binary ??= installedBy('setup-openbao.sh');
  return binary;
}

function healthy(address: string, caFile: string | undefined): Promise<boolean> {
  // The CA file appears once the TLS dev server has made it.
  if (caFile && !existsSync(caFile)) return Promise.resolve(false);
  return answers200(`${address}/v1/sys/health`, caFile ? readFileSync(caFile, 'utf8') : undefined);
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
  const args = ['server', '-dev', `-dev-listen-address=127.0.0.1:${port}`, `-dev-root-token-id=${token}`, '-dev-no-store-token'];
  if (certDir) args.push('-dev-tls', `-dev-tls-cert-dir=${certDir}`);
  const server = await startServerProcess({
    name: 'openbao',
    command: 'sh',
    args: ['-c', WATCHED_SERVER, 'sh', executable, ...args],
    port,
    env: { ...process.env, BAO_LOG_LEVEL: 'warn', VAULT_TOKEN: '', BAO_TOKEN: '' },
    ready: () => healthy(address, caFile),
    attempts: 200,
    cleanup: () => certDir && rmSync(certDir, { recursive: true, force: true }),
  });
  return { address, token, caFile, pid: server.pid, stop: server.stop };
}

const shared = sharedServer({
  start: () => startOpenBao(),
  variables: ['COFFER_TEST_VAULT_ADDR', 'COFFER_TEST_VAULT_TOKEN'],
  publish: (bao) => ({ COFFER_TEST_VAULT_ADDR: bao.address, COFFER_TEST_VAULT_TOKEN: bao.token }),
  pidVariable: 'COFFER_TEST_VAULT_PID',
  skipVariable: 'COFFER_TEST_VAULT_SKIP',
  what: 'OpenBao',
  label: 'harness/openbao: the vault tests will skip',
});

/** Starts the shared server and publishes its address and token, or why the vault tests skip. */
export const setup = shared.setup;

/** Stops the shared server. */
export const teardown = shared.teardown;
