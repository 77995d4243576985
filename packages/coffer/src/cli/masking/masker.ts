import { Transform, type TransformCallback } from 'node:stream';

/** What a secret becomes in the output. */
export const MASK = '*****';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A stream that replaces each of some texts by `*****` as output passes through, also when a
 * text arrives split across writes: a chunk's end that could begin a text is held back until the
 * next chunk (or the end) tells. Matching is on bytes (read as latin1, one char a byte), so any
 * encoding passes through untouched; output without a match is passed on as the same buffer.
 *
 * @example
 * ```ts
 * child.stdout.pipe(new Masker(maskTexts(values))).pipe(process.stdout);
 * ```
 */
export class Masker extends Transform {
  readonly #pattern: RegExp | undefined;
  /** The texts (as latin1) by their first char, to find the start of a split one. */
  readonly #byFirst = new Map<string, string[]>();
  readonly #longest: number;
  #held = '';

  constructor(texts: readonly string[]) {
    super();
    const bytes = [...new Set(texts.map((text) => Buffer.from(text, 'utf8').toString('latin1')))].sort((a, b) => b.length - a.length);
    this.#pattern = bytes.length ? new RegExp(bytes.map(escapeRegExp).join('|'), 'g') : undefined;
    this.#longest = bytes[0]?.length ?? 0;
    for (const text of bytes) {
      const first = text[0] as string;
      this.#byFirst.set(first, [...(this.#byFirst.get(first) ?? []), text]);
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.#pattern) {
      done(null, chunk);
      return;
    }
    const text = this.#held + chunk.toString('latin1');
    let out = '';
    let last = 0;
    this.#pattern.lastIndex = 0;
    for (let match = this.#pattern.exec(text); match; match = this.#pattern.exec(text)) {
      out += text.slice(last, match.index) + MASK;
      last = match.index + match[0].length;
    }
    const hold = this.#partialStart(text, last);
    if (last === 0 && hold === text.length && this.#held === '') {
      done(null, chunk);
      return;
    }
    out += text.slice(last, hold);
    this.#held = text.slice(hold);
    done(null, out === '' ? undefined : Buffer.from(out, 'latin1'));
  }

  override _flush(done: TransformCallback): void {
    const rest = this.#held;
    this.#held = '';
    done(null, rest === '' ? undefined : Buffer.from(rest, 'latin1'));
  }

  /** Where the longest end of `text` (after `from`) that begins a masked text starts. */
  #partialStart(text: string, from: number): number {
    for (let size = Math.min(this.#longest - 1, text.length - from); size > 0; size--) {
      const start = text.length - size;
      const candidates = this.#byFirst.get(text[start] as string);
      if (candidates?.some((candidate) => candidate.length > size && text.endsWith(candidate.slice(0, size)))) return start;
    }
    return text.length;
  }
}
