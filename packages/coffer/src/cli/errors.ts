import { CofferError } from '@coffer/core';

/** The exit codes of the `coffer` CLI. */
export const EXIT = {
  /** It worked (for `exists`: the secret exists). */
  ok: 0,
  /** Not found, or `exists` answered false. */
  notFound: 1,
  /** A usage or input error: bad flags, a bad config file, an unknown provider, a bad path. */
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

/**
 * The error as the CLI prints it on stderr: one line (`coffer: <message>`), or a JSON object
 * with `--json`; with `--debug`, the stack and the causes follow. coffer's messages name
 * providers and paths, never values.
 */
export function formatError(error: unknown, flags: { json?: boolean; debug?: boolean }): string {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  const code = error instanceof CofferError ? error.code : error instanceof UsageError ? 'USAGE' : 'ERROR';
  let text = flags.json ? JSON.stringify({ error: { code, message } }) : `coffer: ${message}`;
  if (flags.debug) {
    let current: unknown = error;
    while (current instanceof Error) {
      text += `\n${current.stack ?? `${current.name}: ${current.message}`}`;
      current = current.cause;
      if (current !== undefined) text += '\ncaused by:';
    }
  }
  return `${text}\n`;
}
