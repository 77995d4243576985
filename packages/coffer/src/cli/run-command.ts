import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { UsageError } from './errors.js';
import { Masker } from './masking/masker.js';

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/** How long output may still arrive after the child exits (from a child of its own, say). */
const DRAIN_MS = 1000;

/** How the child ended: an exit code, or the signal that killed it. */
export type ChildOutcome = { code: number } | { signal: NodeJS.Signals };

/** Where a child's output goes, and what is masked in it. */
export interface ChildOutput {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; getColorDepth?: () => number; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream;
  /** The texts to mask (see `maskTexts`); without them the child writes to coffer's own streams. */
  mask?: readonly string[];
}

/** A started child: its process, and how it ended once it has (its output all passed on). */
export interface StartedChild {
  readonly process: ChildProcess;
  readonly ended: Promise<ChildOutcome>;
}

/**
 * Behind a pipe a program no longer sees a terminal: tell it the terminal's colours and size, as
 * it would have read them itself (unless the environment already says).
 */
function terminalHints(env: NodeJS.ProcessEnv, stdout: ChildOutput['stdout']): NodeJS.ProcessEnv {
  if (!stdout.isTTY) return env;
  const hints: NodeJS.ProcessEnv = {};
  const depth = stdout.getColorDepth?.() ?? 1;
  if (env.FORCE_COLOR === undefined && env.NO_COLOR === undefined && depth > 1)
    hints.FORCE_COLOR = depth >= 24 ? '3' : depth >= 8 ? '2' : '1';
  if (env.COLUMNS === undefined && stdout.columns) hints.COLUMNS = String(stdout.columns);
  if (env.LINES === undefined && stdout.rows) hints.LINES = String(stdout.rows);
  return { ...hints, ...env };
}

/** Passes a child stream through a masker to coffer's stream; resolves once all of it is written. */
function relay(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, texts: readonly string[]): Promise<void> {
  const masker = new Masker(texts);
  from.pipe(masker).pipe(to, { end: false });
  // A reader that went away (`coffer run -- cmd | head`): the child gets EPIPE, as without coffer.
  to.once('error', () => {
    masker.unpipe();
    (from as NodeJS.ReadableStream & { destroy(): void }).destroy();
    masker.destroy();
  });
  return once(masker, 'end').then(
    () => new Promise<void>((done) => to.write('', () => done())),
    () => undefined,
  );
}

/**
 * Starts a command with its environment, stdin shared and, with `mask`, stdout and stderr passed
 * through a masker. The one place a child of `run` is started (a restart starts another).
 * A command that cannot be started ends with 127 (not found) or 126 (not executable), as in a
 * shell.
 */
export function startChild(command: readonly string[], env: NodeJS.ProcessEnv, output: ChildOutput): StartedChild {
  const [file, ...args] = command;
  if (file === undefined) throw new UsageError('run needs a command: coffer run -- <command> [args...]');
  const { mask } = output;
  const child = spawn(file, args, {
    stdio: mask ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    env: mask ? terminalHints(env, output.stdout) : env,
  });
  const relayed =
    mask && child.stdout && child.stderr ? [relay(child.stdout, output.stdout, mask), relay(child.stderr, output.stderr, mask)] : [];
  const drained = async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((done) => {
      timer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done();
      }, DRAIN_MS);
    });
    await Promise.race([Promise.all(relayed), late]);
    clearTimeout(timer);
  };
  const ended = new Promise<ChildOutcome>((done) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      output.stderr.write(`coffer: cannot run ${file} (${error.code ?? 'error'})\n`);
      done({ code: error.code === 'ENOENT' ? 127 : 126 });
    });
    child.on('exit', (code, signal) => {
      void drained().then(() => done(signal ? { signal } : { code: code ?? 0 }));
    });
  });
  return { process: child, ended };
}

/**
 * Runs a command (see {@link startChild}), forwarding every signal coffer receives to it, and
 * reports how it ended.
 */
export async function runChild(command: readonly string[], env: NodeJS.ProcessEnv, output: ChildOutput): Promise<ChildOutcome> {
  const { process: child, ended } = startChild(command, env, output);
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    return await ended;
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
