/**
 * A small `.env` reader and editor. Edits keep every other line (comments, order, blank lines)
 * as it was; only the line of the changed variable is rewritten.
 */

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** Where a `.env` text could not be read: a line number only, never the line itself. */
export class DotenvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`line ${line}`);
  }
}

interface Entry {
  /** The first and last line (0-based) the variable spans. */
  start: number;
  end: number;
  value: string;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

function unescapeValue(text: string): string {
  return text.replace(/\\(.)/g, (match, char: string) => ESCAPES[char] ?? match);
}

/** Finds the closing quote of a value starting at `from` in `text`, or -1. */
function closing(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function scan(text: string): Map<string, Entry> {
  const lines = text.split(/\r?\n/);
  const entries = new Map<string, Entry>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) throw new DotenvSyntaxError(i + 1);
    const name = match[1] as string;
    let rest = match[2] as string;
    const start = i;
    const quote = rest[0];
    let value: string;
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may span lines, as dotenv allows.
      let end = closing(rest, quote, 1);
      while (end < 0 && i + 1 < lines.length) {
        rest += `\n${lines[++i]}`;
        end = closing(rest, quote, 1);
      }
      if (end < 0) throw new DotenvSyntaxError(start + 1);
      if (!/^\s*(#.*)?$/.test(rest.slice(end + 1))) throw new DotenvSyntaxError(i + 1);
      const body = rest.slice(1, end);
      value = quote === '"' ? unescapeValue(body) : body;
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    entries.set(name, { start, end: i, value });
  }
  return entries;
}

/**
 * Reads a `.env` text into an object of variables (the last definition wins).
 *
 * @example
 * ```ts
 * parseDotenv('A=1\n# note\nB="two words"\n'); // { A: '1', B: 'two words' }
 * ```
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Defined, not assigned: a variable named __proto__ is a variable like any other.
  for (const [name, entry] of scan(text))
    Object.defineProperty(out, name, { value: entry.value, writable: true, enumerable: true, configurable: true });
  return out;
}

/**
 * Quotes a value so that {@link parseDotenv} (and the `dotenv` package) read it back exactly:
 * bare when plain, in single quotes (taken literally) when it can be, else in double quotes
 * with `\\`, `\"` and `\n` escapes.
 *
 * @example
 * ```ts
 * formatDotenvValue('two words'); // "'two words'"
 * ```
 */
export function formatDotenvValue(value: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]*$/.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  return `"${value
    .replace(/[\\"]/g, (char) => `\\${char}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')}"`;
}

/**
 * Returns the text with one variable set: its line is rewritten in place, or a line is added at
 * the end when the variable is new.
 *
 * @example
 * ```ts
 * setDotenv('A=1\nB=2\n', 'A', 'x'); // 'A=x\nB=2\n'
 * ```
 */
export function setDotenv(text: string, name: string, value: string): string {
  const entry = scan(text).get(name);
  const line = `${name}=${formatDotenvValue(value)}`;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (entry) {
    const exported = /^\s*export\s/.test(lines[entry.start] as string) ? 'export ' : '';
    lines.splice(entry.start, entry.end - entry.start + 1, `${exported}${line}`);
    return lines.join(newline);
  }
  if (text === '') return `${line}${newline}`;
  return text.endsWith('\n') ? `${text}${line}${newline}` : `${text}${newline}${line}${newline}`;
}
