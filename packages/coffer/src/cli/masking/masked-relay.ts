import type { Readable } from 'node:stream';
import { Masker } from './masker.js';

/** How long a child's stream may stay silent after the child exits before coffer stops reading it. */
export const IDLE_AFTER_EXIT_MS = 1000;

/** A child's stream passed through a masker to one of coffer's streams. */
export interface MaskedRelay {
  /** Settles once all of the stream is written on (or the relay was stopped). */
  readonly finished: Promise<void>;
  /** Whether output is still on its way: it came lately, or waits for a slow reader. */
  busy(): boolean;
  /** Stops reading: the child's stream is closed (a child of the child holding it gets EPIPE). */
  stop(): void;
}

/**
 * Passes a child's stdout or stderr through a {@link Masker} to coffer's own stream (never ending
 * it). A reader that went away (`coffer run -- cmd | head`) closes the child's stream, so the
 * child gets EPIPE as it would without coffer.
 *
 * @example
 * ```ts
 * const relay = maskedRelay(child.stdout, process.stdout, maskTexts(values));
 * await relay.finished;
 * ```
 */
export function maskedRelay(
  from: Readable,
  to: NodeJS.WritableStream & { writableNeedDrain?: boolean },
  texts: readonly string[],
): MaskedRelay {
  const masker = new Masker(texts);
  let lastChunk = Date.now();
  let stopped = false;
  let settle: () => void = () => undefined;
  const finished = new Promise<void>((done) => {
    settle = done;
  });
  from.on('data', () => {
    lastChunk = Date.now();
  });
  from.pipe(masker).pipe(to, { end: false });
  masker.once('end', () => to.write('', () => settle()));
  const stop = () => {
    stopped = true;
    masker.unpipe();
    from.destroy();
    masker.destroy();
    settle();
  };
  to.on('error', stop);
  void finished.then(() => to.off('error', stop));
  return {
    finished,
    busy: () =>
      !stopped &&
      (Date.now() - lastChunk < IDLE_AFTER_EXIT_MS ||
        to.writableNeedDrain === true ||
        masker.writableNeedDrain ||
        masker.readableLength > 0),
    stop,
  };
}
