import { answers200, freePort, installedBy, sharedServer, startServerProcess, watchedByParent } from '../test-support/server-process';

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

let python: string | undefined;

// `python -m moto.server`, ended when its parent (jest) is gone.
const WATCHED_SERVER = watchedByParent('from moto.server import main\nmain(sys.argv[1:])');

function findPython(): string {
  python ??= installedBy('setup-moto.sh');
  return python;
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
  const server = await startServerProcess({
    name: 'moto',
    command: executable,
    args: ['-c', WATCHED_SERVER, '-H', '127.0.0.1', '-p', String(port)],
    port,
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
    ready: () => answers200(`${endpoint}/moto-api/`),
  });
  return { endpoint, pid: server.pid, stop: server.stop };
}

const shared = sharedServer({
  start: startMoto,
  variables: ['COFFER_TEST_AWS_ENDPOINT'],
  publish: (moto) => ({ COFFER_TEST_AWS_ENDPOINT: moto.endpoint }),
  pidVariable: 'COFFER_TEST_MOTO_PID',
  what: 'the AWS emulator',
  // The other projects stay runnable: the AWS tests say themselves that the emulator is missing.
  label: 'coffer',
});

/** Starts the shared emulator and publishes `COFFER_TEST_AWS_ENDPOINT`. */
export const setup = shared.setup;

/** Stops the shared emulator. */
export const teardown = shared.teardown;

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
