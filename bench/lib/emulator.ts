import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { sleep } from './stats';

/** The AWS emulator (moto in server mode) on 127.0.0.1. */
export interface Emulator {
  readonly endpoint: string;
  /** Stops the emulator: from then on connections are refused. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitUntilUp(endpoint: string, child: ChildProcess, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`moto did not answer on ${endpoint} within ${limitMs} ms`);
}

/** Starts moto's server mode with the first Python that has it (the repo's .venv, else python3). */
export async function startEmulator(python = process.env.COFFER_BENCH_PYTHON ?? 'python3'): Promise<Emulator> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  child.on('error', () => undefined);
  try {
    await waitUntilUp(endpoint, child, 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(3_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}
