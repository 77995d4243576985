import { spawn } from 'node:child_process';
import { UsageError } from './errors.js';

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/** How the child ended: an exit code, or the signal that killed it. */
export type ChildOutcome = { code: number } | { signal: NodeJS.Signals };

/**
 * Runs a command with extra environment variables, forwarding every signal coffer receives to
 * it, and reports how it ended. A command that cannot be started is exit code 127 (not found) or
 * 126 (not executable), as in a shell.
 */
export function runChild(command: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildOutcome> {
  const [file, ...args] = command;
  if (file === undefined) throw new UsageError('run needs a command: coffer run -- <command> [args...]');
  return new Promise((done) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    const stop = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      stop();
      process.stderr.write(`coffer: cannot run ${file} (${error.code ?? 'error'})\n`);
      done({ code: error.code === 'ENOENT' ? 127 : 126 });
    });
    child.on('exit', (code, signal) => {
      stop();
      done(signal ? { signal } : { code: code ?? 0 });
    });
  });
}
