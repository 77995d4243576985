import { CofferError, ProviderError } from '@coffer/core';

/** The exit codes of the `coffer` CLI. */
export const EXIT = {
  /** It worked (for `exists`: the secret exists). */
  ok: 0,
  /** Not found, or `exists` answered false. */
  notFound: 1,
  /**
   * A usage, input or configuration error: bad flags, a bad config file, an unknown provider, a
   * bad path, no AWS region or no AWS credentials (nothing was sent).
   */
  usage: 2,
  /** The provider or the network failed. */
  provider: 3,
} as const;

/**
 * A mistake in how the CLI was called or configured (exit code 2). Its message is one line and
 * never holds a value.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit code an error maps to. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof ProviderError && error.failure === 'configuration') return EXIT.usage;
  if (error instanceof CofferError) {
    switch (error.code) {
      case 'SECRET_NOT_FOUND':
        return EXIT.notFound;
      case 'INVALID_INPUT':
      case 'DECODE_ERROR':
      case 'UNKNOWN_PROVIDER':
      case 'UNSUPPORTED':
        return EXIT.usage;
      default:
        return EXIT.provider;
    }
  }
  return EXIT.provider;
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

// coffer's own code: its packages in a checkout, or installed as `coffer` / `@coffer/*`.
const OWN_FRAME = /[\\/](?:packages[\\/][a-z0-9-]+[\\/](?:src|dist)|node_modules[\\/](?:coffer|@coffer[\\/][a-z0-9-]+)[\\/]dist)[\\/]/;

/** The frames of a stack that run coffer's own code; never the message lines above them. */
function ownFrames(stack: unknown): string[] {
  if (typeof stack !== 'string') return [];
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && OWN_FRAME.test(line))
    .map((line) => `  ${line.trim()}`);
}

/** An error's class name and code, as far as they read as names: never its message. */
function label(error: Error): string {
  const name = /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code) && error instanceof CofferError ? `${name} (${code})` : name;
}

/**
 * The error as the CLI prints it on stderr: one line (`coffer: <message>`), or a JSON object
 * with `--json`. coffer's messages name providers and paths, never values. With `--debug`, the
 * error and each of its causes follow as class name, code and the frames of coffer's own code:
 * never a cause's message or foreign frames, since a backend's message may quote a value.
 *
 * @example
 * ```ts
 * process.stderr.write(formatError(error, { debug: true }));
 * ```
 */
export function formatError(error: unknown, flags: { json?: boolean; debug?: boolean }): string {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const code = error instanceof CofferError ? error.code : error instanceof UsageError ? 'USAGE' : 'ERROR';
  // Only coffer's own messages are known to hold no value.
  const shown =
    error instanceof CofferError || error instanceof UsageError ? message : `unexpected ${error instanceof Error ? label(error) : 'error'}`;
  let text = flags.json ? JSON.stringify({ error: { code, message: shown } }) : `coffer: ${shown}`;
  if (flags.debug) {
    let current: unknown = error;
    for (let depth = 0; current instanceof Error && depth < 10; depth++) {
      text += `\n${depth === 0 ? '' : 'caused by: '}${label(current)}`;
      for (const frame of ownFrames(current.stack)) text += `\n${frame}`;
      current = current.cause;
    }
  }
  return `${text}\n`;
}
