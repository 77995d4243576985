#!/usr/bin/env node
import { constants } from 'node:os';
import { runCli } from './program.js';

// The bin entry: exit with the command's code, or die of the same signal as the child of `run`.
runCli(process.argv).then(
  (outcome) => {
    if ('code' in outcome) process.exit(outcome.code);
    process.kill(process.pid, outcome.signal);
    // A signal whose default is not to end the process: exit as a shell reports a signal death.
    setTimeout(() => process.exit(128 + (constants.signals[outcome.signal] ?? 0)), 200);
  },
  (error: unknown) => {
    process.stderr.write(`coffer: ${error instanceof Error ? error.name : 'error'}\n`);
    process.exit(3);
  },
);
