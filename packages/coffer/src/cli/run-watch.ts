import type { ChildProcess } from 'node:child_process';
import { parseDuration } from '@coffer/core';
import { UsageError } from './errors.js';
import type { ChildOutcome, StartedChild } from './run-command.js';

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/** The flags of `coffer run --watch`. */
export interface WatchFlags {
  watch?: boolean;
  watchInterval?: string;
  watchSignal?: string;
}

/** How `coffer run --watch` runs its command. */
export interface RunWatching {
  /** How often every variable is read again (in one batch per provider). */
  readonly intervalMs: number;
  /** Sent to the child on a change instead of restarting it (for programs that reload). */
  readonly signal?: NodeJS.Signals;
  /** Changes closer together than this make one restart. @default 200 */
  readonly debounceMs?: number;
  /** Reads every variable again, fresh. */
  load(): Promise<Record<string, string>>;
  /** Where a failed read is told (one line, never a value). */
  warn(line: string): void;
  /** Starts the command with an environment (masking its output as `run` does). */
  start(env: NodeJS.ProcessEnv): StartedChild;
}

/** Checks the `--watch` flags (a `UsageError` for bad ones), or `undefined` without `--watch`. */
export function watchFlags(flags: WatchFlags): { intervalMs: number; signal?: NodeJS.Signals } | undefined {
  if (!flags.watch) {
    if (flags.watchSignal !== undefined || flags.watchInterval !== undefined)
      throw new UsageError('--watch-signal and --watch-interval need --watch');
    return undefined;
  }
  let intervalMs: number;
  try {
    intervalMs = parseDuration(flags.watchInterval ?? '10s', '--watch-interval');
  } catch {
    throw new UsageError("--watch-interval must be a duration such as '10s' or '500ms'");
  }
  if (intervalMs < 100) throw new UsageError('--watch-interval must be at least 100ms');
  if (flags.watchSignal === undefined) return { intervalMs };
  const name = flags.watchSignal.toUpperCase().replace(/^(SIG)?/, 'SIG');
  if (!FORWARDED.includes(name as NodeJS.Signals)) throw new UsageError(`--watch-signal must be one of ${FORWARDED.join(', ')}`);
  return { intervalMs, signal: name as NodeJS.Signals };
}

const same = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((name) => a[name] === b[name]);

/**
 * Runs a command with the variables and keeps them current: every `intervalMs` they are read
 * again, and when one changed the child is restarted with the new ones (or sent `signal`), once
 * per burst of changes. Signals coffer gets are forwarded; SIGINT and SIGTERM also stop the
 * watching. Resolves with how the child ended when it ends by itself or by a forwarded signal.
 */
export function runWatching(
  command: readonly string[],
  baseEnv: NodeJS.ProcessEnv,
  first: Record<string, string>,
  how: RunWatching,
): Promise<ChildOutcome> {
  if (command[0] === undefined) throw new UsageError('run needs a command: coffer run -- <command> [args...]');
  let current = first;
  let child: ChildProcess;
  let restarting = false;
  let stopping = false;
  let poll: NodeJS.Timeout | undefined;
  return new Promise((done) => {
    const finish = (outcome: ChildOutcome) => {
      clearTimeout(poll);
      for (const signal of FORWARDED) process.off(signal, forward);
      done(outcome);
    };
    const start = () => {
      const started = how.start({ ...baseEnv, ...current });
      child = started.process;
      void started.ended.then((outcome) => {
        if (restarting && !stopping) {
          restarting = false;
          start();
          return;
        }
        finish(outcome);
      });
    };
    const forward = (signal: NodeJS.Signals) => {
      if (signal === 'SIGINT' || signal === 'SIGTERM') stopping = true;
      child.kill(signal);
    };
    const apply = () => {
      if (stopping) return;
      if (how.signal) {
        child.kill(how.signal);
        return;
      }
      restarting = true;
      child.kill('SIGTERM');
    };
    // A change is applied once the values read the same twice, `debounceMs` apart: a burst of
    // updates makes one restart, whenever the poll fell in it.
    let pending: Record<string, string> | undefined;
    const check = async () => {
      let wait = how.intervalMs;
      try {
        const next = await how.load();
        if (pending !== undefined && same(next, pending)) {
          current = pending;
          pending = undefined;
          apply();
        } else if (!same(next, pending ?? current)) {
          pending = next;
          wait = how.debounceMs ?? 200;
        } else pending = undefined;
      } catch (error) {
        how.warn(
          `coffer: --watch could not read the variables (${error instanceof Error ? error.name : 'error'}); keeping the last values`,
        );
      }
      if (!stopping) poll = setTimeout(check, wait);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    start();
    poll = setTimeout(check, how.intervalMs);
  });
}
