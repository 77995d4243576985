import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The AWS emulator for the tests: moto in server mode on a free 127.0.0.1 port. `setup()` runs
 * once per jest run (scripts/jest-global-setup.ts) and publishes the address as
 * `COFFER_TEST_AWS_ENDPOINT`; tests that must stop an emulator start their own with `startMoto()`.
 */

/** A running moto server. */
export interface Moto {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the server and waits until it is gone. */
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
let python: string | undefined;

// `python -m moto.server`, plus a watch that ends it when its parent (jest) is gone, so that a
// killed test run leaves no emulator behind.
const WATCHED_SERVER = `
import os, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
`;
let shared: Moto | undefined;

function findPython(): string {
  python ??= execFileSync('bash', [join(ROOT, 'scripts', 'setup-moto.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return python;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function answers(endpoint: string): Promise<boolean> {
  // A plain request without keep-alive: nothing may hold the jest process open afterwards.
  return new Promise((resolve) => {
    const request = get(`${endpoint}/moto-api/`, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Resolves when `child` has exited. The servers are unref'd so that they never hold a test run
 * open, so this refs the child again while it waits: otherwise the event loop could empty in the
 * middle of a teardown and Node would end with exit code 0, hiding failed tests.
 */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.ref();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a private moto server (installing moto first if needed) and waits until it answers.
 *
 * @example
 * ```ts
 * const moto = await startMoto();
 * const ssm = new SSMClient({ endpoint: moto.endpoint, region: 'us-east-1' });
 * await moto.stop();
 * ```
 */
export async function startMoto(): Promise<Moto> {
  const executable = findPython();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const logPath = join(tmpdir(), `coffer-moto-${port}.log`);
  const log = openSync(logPath, 'w');
  const child = spawn(executable, ['-c', WATCHED_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', log, log],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  closeSync(log);
  child.unref();
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    rmSync(logPath, { force: true });
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break;
    if (await answers(endpoint)) return { endpoint, pid: child.pid ?? 0, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.exitCode === null) child.kill('SIGTERM');
  throw new Error(`moto did not start on ${endpoint}; see ${logPath}`);
}

/** Starts the shared emulator and publishes `COFFER_TEST_AWS_ENDPOINT` (and test credentials). */
export async function setup(): Promise<void> {
  if (process.env.COFFER_TEST_AWS_ENDPOINT) return;
  try {
    shared = await startMoto();
  } catch (error) {
    // Leave the other projects runnable: the AWS tests say themselves that the emulator is missing.
    process.stderr.write(`coffer: the AWS emulator is not available: ${(error as Error).message}\n`);
    return;
  }
  process.env.COFFER_TEST_AWS_ENDPOINT = shared.endpoint;
  process.env.COFFER_TEST_MOTO_PID = String(shared.pid);
}

/** Stops the shared emulator. */
export async function teardown(): Promise<void> {
  if (shared) {
    await shared.stop();
    shared = undefined;
  } else if (process.env.COFFER_TEST_MOTO_PID) {
    // Teardown may run with a fresh copy of this module: fall back to the published pid.
    try {
      process.kill(Number(process.env.COFFER_TEST_MOTO_PID), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  delete process.env.COFFER_TEST_MOTO_PID;
  delete process.env.COFFER_TEST_AWS_ENDPOINT;
}

/**
 * The shared emulator's endpoint, for tests; throws a clear error when it is not running.
 *
 * @example
 * ```ts
 * const endpoint = motoEndpoint();
 * ```
 */
export function motoEndpoint(): string {
  const endpoint = process.env.COFFER_TEST_AWS_ENDPOINT;
  if (!endpoint) throw new Error('the AWS emulator is not running: COFFER_TEST_AWS_ENDPOINT is unset (see scripts/harness/moto.ts)');
  return endpoint;
}
