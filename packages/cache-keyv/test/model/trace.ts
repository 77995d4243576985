// Tracing of model runs, to read what a replayed seed did.

/** `COFFER_MODEL_TRACE=1` prints every command and answer of the runs (to read a replayed seed). */
const tracing = process.env.COFFER_MODEL_TRACE === '1';

/** Prints a step of a run when tracing. */
export function trace(...parts: unknown[]): void {
  if (tracing) process.stdout.write(`${parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')}\n`);
}
