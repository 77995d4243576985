import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort } from './moto';

/**
 * The Google Cloud emulator for the tests: drongo (`drongo server`, PyPI, pinned in
 * scripts/setup-drongo.sh) on a free 127.0.0.1 port, serving the Secret Manager REST API.
 * `setup()` runs once per jest run (scripts/jest-global-setup.ts) and publishes the address as
 * `COFFER_TEST_GCP_ENDPOINT`, or the reason the gcp.sm tests skip as `COFFER_TEST_GCP_SKIP`;
 * tests that must stop the emulator start their own with `startDrongo()`.
 */

/** A running drongo server. */
export interface Drongo {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the server and waits until it is gone. */
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
let python: string | undefined;
let shared: Drongo | undefined;

// `drongo server`, plus a watch that ends it when its parent (jest) is gone, so that a killed
// test run leaves no emulator behind.
const WATCHED_SERVER = `
import os, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
from drongo.cli import main
sys.exit(main(['server'] + sys.argv[1:]))
`;

function findPython(): string {
  python ??= execFileSync('bash', [join(ROOT, 'scripts', 'setup-drongo.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return python;
}

function answers(endpoint: string): Promise<boolean> {
  // A plain request without keep-alive: nothing may hold the jest process open afterwards.
  return new Promise((resolve) => {
    const request = get(`${endpoint}/drongo/health`, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Starts a private drongo server (installing drongo first if needed) and waits until it answers.
 *
 * @example
 * ```ts
 * const drongo = await startDrongo();
 * const provider = gcpSm({ endpoint: drongo.endpoint, project: 'p', credentials: { accessToken: 't' } });
 * await drongo.stop();
 * ```
 */
export async function startDrongo(): Promise<Drongo> {
  const executable = findPython();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const logPath = join(tmpdir(), `coffer-drongo-${port}.log`);
  const log = openSync(logPath, 'w');
  const child = spawn(executable, ['-c', WATCHED_SERVER, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', log, log],
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
  throw new Error(`drongo did not start on ${endpoint}; see ${logPath}`);
}

/** Starts the shared emulator and publishes `COFFER_TEST_GCP_ENDPOINT`. */
export async function setup(): Promise<void> {
  if (process.env.COFFER_TEST_GCP_ENDPOINT || process.env.COFFER_TEST_GCP_SKIP) return;
  try {
    shared = await startDrongo();
  } catch (error) {
    // Leave the other projects runnable: the gcp.sm tests skip and say why.
    const reason = `drongo is not available: ${(error as Error).message.split('\n')[0]}`;
    process.env.COFFER_TEST_GCP_SKIP = reason;
    process.stderr.write(`harness/drongo: the gcp.sm tests will skip: ${reason}\n`);
    return;
  }
  process.env.COFFER_TEST_GCP_ENDPOINT = shared.endpoint;
  process.env.COFFER_TEST_DRONGO_PID = String(shared.pid);
}

/** Stops the shared emulator. */
export async function teardown(): Promise<void> {
  if (shared) {
    await shared.stop();
    shared = undefined;
  } else if (process.env.COFFER_TEST_DRONGO_PID) {
    // Teardown may run with a fresh copy of this module: fall back to the published pid.
    try {
      process.kill(Number(process.env.COFFER_TEST_DRONGO_PID), 'SIGTERM');
    } catch {
      // already gone
    }
  }
  delete process.env.COFFER_TEST_DRONGO_PID;
  delete process.env.COFFER_TEST_GCP_ENDPOINT;
}
