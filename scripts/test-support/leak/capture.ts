import { inspect } from 'node:util';

/**
 * The leak hunt's eyes: everything a process shows (console, stdout, stderr, warnings) captured
 * while a scenario runs, and every way an error can be shown (message, stack, `inspect` at any
 * depth, JSON), searched for the marker.
 */

/** Output captured while capturing was on. */
export interface Captured {
  readonly text: () => string;
  stop(): void;
}

/** Starts capturing console calls, writes to stdout and stderr, and process warnings. */
export function captureOutput(): Captured {
  const chunks: string[] = [];
  const keep = (...parts: unknown[]) => {
    for (const part of parts)
      chunks.push(typeof part === 'string' ? part : inspect(part, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((name) =>
    jest.spyOn(console, name).mockImplementation((...args: unknown[]) => keep(...args)),
  );
  const writes = ([process.stdout, process.stderr] as const).map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown) => {
      keep(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as never),
  );
  const onWarning = (warning: Error) => keep(warning.message, warning.stack);
  process.on('warning', onWarning);
  return {
    text: () => chunks.join('\n'),
    stop() {
      for (const spy of [...spies, ...writes]) spy.mockRestore();
      process.off('warning', onWarning);
    },
  };
}

/** Every way `error` can be shown: message and stack (its causes' too), `inspect` at any depth, JSON. */
export function renderings(error: unknown): Record<string, string> {
  const shown: Record<string, string> = {};
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) {
      shown[`message${depth ? ` (cause ${depth})` : ''}`] = current.message;
      shown[`stack${depth ? ` (cause ${depth})` : ''}`] = current.stack ?? '';
    }
    current = (current as { cause?: unknown }).cause;
  }
  shown.inspect = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, maxStringLength: Number.POSITIVE_INFINITY });
  shown['inspect (default)'] = inspect(error);
  shown.String = String(error);
  try {
    shown.JSON = JSON.stringify(error) ?? '';
  } catch (failure) {
    shown.JSON = `unserialisable: ${(failure as Error).message}`;
  }
  return shown;
}

/** Where `marker` shows in the renderings of an error: the names of the renderings. */
export function leaksOf(error: unknown, marker: string): string[] {
  return Object.entries(renderings(error))
    .filter(([, text]) => text.toUpperCase().includes(marker.toUpperCase()))
    .map(([name]) => name);
}
