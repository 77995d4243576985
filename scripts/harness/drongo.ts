import { answers200, freePort, installedBy, sharedServer, startServerProcess, watchedByParent } from '../test-support/server-process';

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

let python: string | undefined;

// `drongo server`, ended when its parent (jest) is gone.
const WATCHED_SERVER = watchedByParent("from drongo.cli import main\nsys.exit(main(['server'] + sys.argv[1:]))");

function findPython(): string {
  python ??= installedBy('setup-drongo.sh');
  return python;
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
  const server = await startServerProcess({
    name: 'drongo',
    command: executable,
    args: ['-c', WATCHED_SERVER, '--host', '127.0.0.1', '--port', String(port)],
    port,
    ready: () => answers200(`${endpoint}/drongo/health`),
  });
  return { endpoint, pid: server.pid, stop: server.stop };
}

const shared = sharedServer({
  start: startDrongo,
  variables: ['COFFER_TEST_GCP_ENDPOINT'],
  publish: (drongo) => ({ COFFER_TEST_GCP_ENDPOINT: drongo.endpoint }),
  pidVariable: 'COFFER_TEST_DRONGO_PID',
  // The other projects stay runnable: the gcp.sm tests skip and say why.
  skipVariable: 'COFFER_TEST_GCP_SKIP',
  what: 'drongo',
  label: 'harness/drongo: the gcp.sm tests will skip',
});

/** Starts the shared emulator and publishes `COFFER_TEST_GCP_ENDPOINT`. */
export const setup = shared.setup;

/** Stops the shared emulator. */
export const teardown = shared.teardown;
