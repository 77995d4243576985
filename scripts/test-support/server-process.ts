import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { get, type Server } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * What every test server of scripts/harness/ shares: a free 127.0.0.1 port, a child process
 * logging to a temporary file, a readiness probe, a stop that waits for the exit, and the
 * `setup` / `teardown` pair that runs one shared server per jest run and publishes it through
 * environment variables.
 */

/** A server process started by {@link startServerProcess}. */
export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  /** Stops the server (SIGTERM) and waits until it is gone. */
  stop(): Promise<void>;
}

/** How to start one server. */
export interface ServerProcessOptions {
  /** Its name in errors and in its log file's name (`coffer-<name>-<port>.log` in the temp folder). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The port `args` make it listen on (see {@link freePort}). */
  readonly port: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Whether it answers yet; asked every 100 ms. */
  ready(): Promise<boolean>;
  /** How many times `ready` is asked before giving up. @default 300 */
  readonly attempts?: number;
  /** Run once the process is gone (a temporary folder to remove). */
  cleanup?(): void;
}

/**
 * A Python program (for `python -c`) that runs `body` beside a thread ending the process when
 * its parent (jest) is gone, so that a killed test run leaves no server behind.
 */
export function watchedByParent(body: string): string {
  return `
import os, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
${body}
`;
}

/**
 * What a setup script of scripts/ prints (the path of what it installed once under
 * ~/.cache/coffer, such as a Python with moto), its progress going to this process's stderr.
 */
export function installedBy(script: string, timeoutMs = 600_000): string {
  return execFileSync('bash', [join(ROOT, 'scripts', script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: timeoutMs,
  }).trim();
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
 * Listens with an HTTP server of this process on a free 127.0.0.1 port. `close` drops every
 * connection still open (hung requests included), then stops listening.
 */
export async function listenLocally(server: Server): Promise<{ endpoint: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Whether `url` answers 200, asked without keep-alive so that nothing holds the process open afterwards. */
export function answers200(url: string, ca?: string): Promise<boolean> {
  const getter = url.startsWith('https:') ? httpsGet : get;
  return new Promise((resolve) => {
    const request = getter(url, { agent: false, timeout: 1000, ...(ca ? { ca } : {}) }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** Starts a server process, unref'd, and waits until it is ready; throws (naming its log) if it never is. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const { name, port } = options;
  const logPath = join(tmpdir(), `coffer-${name}-${port}.log`);
  const log = openSync(logPath, 'w');
  const child = spawn(options.command, options.args, { stdio: ['ignore', log, log], env: options.env ?? process.env });
  closeSync(log);
  child.unref();
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    rmSync(logPath, { force: true });
    options.cleanup?.();
  };
  for (let attempt = 0; attempt < (options.attempts ?? 300); attempt++) {
    if (child.exitCode !== null) break;
    if (await options.ready()) return { port, pid: child.pid ?? 0, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited(child);
  options.cleanup?.();
  throw new Error(`${name} did not start on 127.0.0.1:${port}; see ${logPath}`);
}

/** How one shared server of a jest run is started and published. */
export interface SharedServerOptions<S extends { readonly pid: number; stop(): Promise<void> }> {
  /** Starts it. */
  start(): Promise<S>;
  /** The environment variables the tests find it by; when the first is set already, none is started. */
  readonly variables: readonly [string, ...string[]];
  /** Their values for a running server. */
  publish(server: S): Record<string, string>;
  /** Where its pid is published, for a teardown that runs with a fresh copy of the module. */
  readonly pidVariable: string;
  /** Set (with the reason) when it cannot be had, so that its tests skip and say why. */
  readonly skipVariable?: string;
  /** What cannot be had, for the reason: `drongo`. */
  readonly what: string;
  /** The stderr line's prefix before the reason: `harness/drongo: the gcp.sm tests will skip`. */
  readonly label: string;
}

/**
 * The `setup` and `teardown` of a harness module: one shared server per jest run, published
 * through environment variables (which the test workers inherit), left alone when they are set
 * already (a server given from outside), and stopped at the end.
 */
export function sharedServer<S extends { readonly pid: number; stop(): Promise<void> }>(options: SharedServerOptions<S>) {
  let shared: S | undefined;
  return {
    async setup(): Promise<void> {
      if (process.env[options.variables[0]] || (options.skipVariable && process.env[options.skipVariable])) return;
      try {
        shared = await options.start();
      } catch (error) {
        const reason = `${options.what} is not available: ${(error as Error).message.split('\n')[0]}`;
        if (options.skipVariable) process.env[options.skipVariable] = reason;
        process.stderr.write(`${options.label}: ${reason}\n`);
        return;
      }
      Object.assign(process.env, options.publish(shared), { [options.pidVariable]: String(shared.pid) });
    },
    async teardown(): Promise<void> {
      if (shared) {
        await shared.stop();
        shared = undefined;
      } else if (process.env[options.pidVariable]) {
        // Teardown may run with a fresh copy of the module: fall back to the published pid.
        try {
          process.kill(Number(process.env[options.pidVariable]), 'SIGTERM');
        } catch {
          // already gone
        }
      }
      for (const name of [...options.variables, options.pidVariable]) delete process.env[name];
    },
  };
}
