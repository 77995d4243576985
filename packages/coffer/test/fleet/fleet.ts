import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A reply of a worker: `ok`, and what the command returned. */
export type Reply = { ok: boolean; [field: string]: unknown };

/** One worker process of the fleet (see fleet-worker.js). */
export class Worker {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (reply: Reply) => void>();
  #next = 1;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;

  constructor(env: NodeJS.ProcessEnv) {
    this.#child = spawn(process.execPath, [join(__dirname, 'fleet-worker.js')], {
      env: { ...process.env, COFFER_CACHE: 'memory', NODE_NO_WARNINGS: '1', ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      const reply = JSON.parse(line) as Reply & { id: number };
      if (reply.id === 0) return markReady();
      this.#waiting.get(reply.id)?.(reply);
      this.#waiting.delete(reply.id);
    });
  }

  /** Sends a command; resolves with the worker's reply. */
  send(cmd: string, args: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, resolve);
      this.#child.stdin!.write(`${JSON.stringify({ id, cmd, ...args })}\n`, (error) => error && reject(error));
      void this.exited.then(() => reject(new Error(`worker exited before answering ${cmd}`)));
    });
  }

  /** Kills the process at once, as a crash would. */
  kill(): void {
    this.#child.kill('SIGKILL');
  }
}

/** Starts `count` workers and waits until each is ready. */
export async function startFleet(count: number, env: NodeJS.ProcessEnv = {}): Promise<Worker[]> {
  const workers = Array.from({ length: count }, () => new Worker(env));
  await Promise.all(workers.map((worker) => worker.ready));
  return workers;
}

/** Sends one command to every worker at once. */
export function all(workers: readonly Worker[], cmd: string, args: Record<string, unknown> = {}): Promise<Reply[]> {
  return Promise.all(workers.map((worker) => worker.send(cmd, args)));
}

/** Ends every worker still running. */
export async function stopFleet(workers: readonly Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      await worker.send('exit').catch(() => undefined);
      await worker.exited;
    }),
  );
}
