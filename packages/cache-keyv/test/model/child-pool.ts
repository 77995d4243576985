// Child processes for the model runs that cross process boundaries: one per client slot, reused
// from run to run (each run makes new clients on a new file or namespace), their clocks moved with
// the parent's, their providers' requests answered by the parent's backend.
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { BackendAnswer, BackendRequest, ModelBackend } from './backend';
import type { ClientHandle, SharedStore } from './clients';
import { clockOffset, stepClock } from './clock';
import type { ClientKind } from './model';
import type { ClientMaker, ClockControl } from './run';

/** What the parent sends a child. */
export type ParentMessage = { id: number } & (
  | { type: 'clock'; offset: number }
  | { type: 'make'; kind: ClientKind; store: SharedStore; scope: string; batch: number; offset: number }
  | { type: 'close' }
  | { type: 'call'; method: Exclude<keyof ClientHandle, 'close'>; args: unknown[] }
);

type ChildMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'backend'; id: number; request: BackendRequest };

const REGISTER = join(__dirname, '..', 'support', 'register.js');
const CHILD = join(__dirname, 'child.ts');
/** A child that does not answer within this long is taken as hung (the run fails, it never waits forever). */
const ANSWER_MS = 30_000;

class Child {
  readonly #process: ChildProcess;
  readonly #pending = new Map<number, (result: unknown) => void>();
  /** Backend requests being answered (a hanging call takes seconds). */
  readonly #answering = new Set<Promise<void>>();
  readonly ready: Promise<void>;
  #next = 0;
  backend: ModelBackend | undefined;

  constructor(readonly index: number) {
    this.#process = fork(CHILD, [], {
      execArgv: ['-r', REGISTER],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.#process.once('exit', (code) => reject(new Error(`model child ${index} exited (${code})`)));
      this.#process.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'done') {
          this.#pending.get(message.id)?.(message.result);
          this.#pending.delete(message.id);
        } else {
          const answering = this.#answer(message.id, message.request);
          this.#answering.add(answering);
          void answering.finally(() => this.#answering.delete(answering));
        }
      });
    });
  }

  async #answer(id: number, request: BackendRequest): Promise<void> {
    const answer: BackendAnswer = this.backend
      ? await this.backend.handle(this.index, request)
      : { ok: false, attempts: 0, reason: 'down' };
    // A call that hung past the end of the last run answers a child that may be gone.
    if (this.#process.connected) this.#process.send({ type: 'answer', id, answer }, () => undefined);
  }

  request<T>(message: DistributiveOmit<ParentMessage, 'id'>): Promise<T> {
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`model child ${this.index}: no answer to ${message.type}`)), ANSWER_MS);
      this.#pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      if (!this.#process.connected) {
        clearTimeout(timer);
        reject(new Error(`model child ${this.index} is gone`));
        return;
      }
      this.#process.send({ ...message, id });
    });
  }

  /** Lets the backend requests in progress finish, then lets the child go. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.#answering]);
    if (this.#process.connected) this.#process.disconnect();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Child processes serving the clients of model runs. */
export class ChildPool {
  readonly #children: Child[];

  constructor(size: number) {
    this.#children = Array.from({ length: size }, (_, i) => new Child(i));
  }

  /** Waits until every child is up. */
  async start(): Promise<void> {
    await Promise.all(this.#children.map((child) => child.ready));
  }

  /** Makes the clients of a run in the children (client `i` in child `i`). */
  readonly make: ClientMaker = (index, kind, store, backend, run) => {
    const child = this.#children[index]!;
    child.backend = backend;
    const made = child.request({ type: 'make', kind, store, ...run, offset: clockOffset() });
    const call =
      (method: Exclude<keyof ClientHandle, 'close'>) =>
      async (...args: unknown[]) => {
        await made;
        return child.request({ type: 'call', method, args });
      };
    return {
      get: call('get'),
      getMany: call('getMany'),
      getByPath: call('getByPath'),
      update: call('update'),
      refresh: call('refresh'),
      clear: call('clear'),
      stats: call('stats'),
      close: async () => {
        await made;
        await child.request({ type: 'close' });
        child.backend = undefined;
      },
    } as ClientHandle;
  };

  /** Moves the clock of this process and of every child. */
  readonly clock: ClockControl = {
    step: async (ms) => {
      stepClock(ms);
      await Promise.all(this.#children.map((child) => child.request({ type: 'clock', offset: clockOffset() })));
    },
  };

  /** Stops the children once the requests they made are answered. */
  async stop(): Promise<void> {
    await Promise.all(this.#children.map((child) => child.stop()));
  }
}
