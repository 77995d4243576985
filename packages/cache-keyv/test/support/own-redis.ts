import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../../../scripts/test-support/server-process';
import { findRedisServer, ping as answers } from '../../../../scripts/harness/redis';

/** A redis-server of a test's own, which the test may stop and start again (the shared one must stay up). */
export interface OwnRedis {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a redis-server on a free port; `undefined` when the machine has none. */
export async function ownRedis(): Promise<OwnRedis | undefined> {
  const path = findRedisServer();
  if (!path) return undefined;
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn(path, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let tries = 0; tries < 100 && !(await answers(port)); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start };
}
