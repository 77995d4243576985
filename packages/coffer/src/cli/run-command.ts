import { type ChildProcess, spawn } from 'node:child_process';
import { UsageError } from './errors.js';
import { IDLE_AFTER_EXIT_MS, type MaskedRelay, maskedRelay } from './masking/masked-relay.js';

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

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
  const relays: MaskedRelay[] =
    mask && child.stdout && child.stderr
      ? [maskedRelay(child.stdout, output.stdout, mask), maskedRelay(child.stderr, output.stderr, mask)]
      : [];
  // After the exit, all the output is passed on, however slow the reader; only a stream that a
  // child of the child keeps open, silent, is let go.
  const drained = async () => {
    const all = Promise.all(relays.map((relay) => relay.finished));
    for (;;) {
      const settled = await Promise.race([
        all.then(() => true),
        new Promise<false>((done) => setTimeout(done, IDLE_AFTER_EXIT_MS / 4, false)),
      ]);
      if (settled) return;
      if (!relays.some((relay) => relay.busy())) {
        for (const relay of relays) relay.stop();
        return;
      }
    }
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
