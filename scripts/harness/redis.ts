import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { freePort } from '../test-support/server-process';

/**
 * A real `redis-server` for the Redis cache tests, on 127.0.0.1 at a free port, without
 * persistence. When the machine has none, it is installed from Debian's packages if this runs
 * as root and apt answers in bounded time. Publishes `COFFER_TEST_REDIS_URL`, or
 * `COFFER_TEST_REDIS_SKIP` with the reason the Redis tests skip.
 */

const INSTALL_TIMEOUT_MS = 180_000;
const START_TIMEOUT_MS = 10_000;
let server: ChildProcess | undefined;

/** The redis-server binary of this machine, if it has one. */
export function findRedisServer(): string | undefined {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

function installRedis(): string {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'redis-server is not installed and this is not root';
  if (!existsSync('/usr/bin/apt-get')) return 'redis-server is not installed and there is no apt-get';
  console.log('harness/redis: installing redis-server from Debian packages (once)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) => execFileSync('apt-get', args, { env, stdio: 'ignore', timeout: INSTALL_TIMEOUT_MS / 2 });
  try {
    try {
      apt(['install', '-y', '--no-install-recommends', 'redis-server']);
    } catch {
      apt(['update']);
      apt(['install', '-y', '--no-install-recommends', 'redis-server']);
    }
  } catch (error) {
    return `redis-server is not installed and apt-get could not install it (${(error as Error).message.split('\n')[0]})`;
  }
  return findRedisServer() ? '' : 'apt-get ran but redis-server is still missing';
}

/** Whether a redis-server answers PING on 127.0.0.1:`port`. */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(answer.startsWith('+PONG')));
    socket.on('error', () => resolve(false));
  });
}

/**
 * The redis-server binary, installed first when the machine has none (see the top of this file);
 * else the reason there is none. Every Redis harness (this one, `redis-cluster.ts`) asks here.
 */
export function redisServerOrReason(): { binary: string } | { reason: string } {
  const found = findRedisServer();
  if (found) return { binary: found };
  const reason = installRedis();
  const binary = findRedisServer();
  return binary ? { binary } : { reason };
}

/** A redis-server of its own on 127.0.0.1 at a free port; a string says why there is none. */
export async function startRedis(): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> } | string> {
  const found = redisServerOrReason();
  if ('reason' in found) return found.reason;
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'];
  const child = spawn(found.binary, args, { stdio: 'ignore' });
  const stop = () => stopServer(child);
  let exitedEarly = false;
  child.once('exit', () => {
    exitedEarly = true;
  });
  for (const deadline = Date.now() + START_TIMEOUT_MS; Date.now() < deadline && !exitedEarly; ) {
    if (await ping(port)) return { url: `redis://127.0.0.1:${port}`, process: child, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  return `redis-server did not answer on 127.0.0.1:${port}`;
}

export async function setup(): Promise<void> {
  if (process.env.COFFER_TEST_REDIS_URL) return;
  const started = await startRedis();
  if (typeof started === 'string') {
    process.env.COFFER_TEST_REDIS_SKIP = started;
    console.log(`harness/redis: Redis tests will skip: ${started}`);
    return;
  }
  server = started.process;
  process.env.COFFER_TEST_REDIS_URL = started.url;
  // Teardown may run with a fresh copy of this module: it finds the server by this id.
  process.env.COFFER_TEST_REDIS_PID = String(server.pid ?? '');
}

export async function teardown(): Promise<void> {
  const running = server;
  server = undefined;
  const pid = Number(process.env.COFFER_TEST_REDIS_PID);
  delete process.env.COFFER_TEST_REDIS_PID;
  if (!running) {
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    return;
  }
  await stopServer(running);
}

/** SIGTERM, then SIGKILL after 3 s. */
async function stopServer(running: ChildProcess): Promise<void> {
  if (running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
  clearTimeout(timer);
  if (running.exitCode === null && running.signalCode === null) running.kill('SIGKILL');
}
