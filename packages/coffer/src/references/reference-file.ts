import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ValidationError } from '@coffer/core';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

function unquote(value: string, line: number, file: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value.replace(/\s+#.*$/, '');
  if (value.length < 2 || value[value.length - 1] !== quote) {
    throw new ValidationError(`${file}: line ${line}: the value's closing quote is missing`);
  }
  return value.slice(1, -1);
}

/**
 * Reads the text of a reference file: `.env` lines `NAME=ref+vault://secret/app/db#/password`
 * (quotes, `export ` and `#` comments allowed). A value that is not a reference is kept as the
 * literal it is. A mistake names the file and line, never the line's text.
 *
 * @example
 * ```ts
 * parseReferenceFile('DB_PASSWORD=ref+vault://secret/app/db#/password\nPORT=8080\n', 'app.env');
 * // { DB_PASSWORD: 'ref+vault://secret/app/db#/password', PORT: '8080' }
 * ```
 */
export function parseReferenceFile(text: string, file = 'references'): Record<string, string> {
  const entries: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*(#|$)/.test(raw)) return;
    const match = LINE.exec(raw);
    if (!match) throw new ValidationError(`${file}: line ${index + 1} is not NAME=value`);
    const [, name = '', value = ''] = match;
    if (Object.hasOwn(entries, name)) throw new ValidationError(`${file}: line ${index + 1}: ${name} is set twice`);
    entries[name] = unquote(value, index + 1, file);
  });
  if (Object.keys(entries).length === 0) throw new ValidationError(`${file}: no variables (write NAME=ref+...)`);
  return entries;
}

/**
 * Reads a reference file from disk. Relative `ref+file://` paths in it are relative to the
 * file's folder: pass the returned `baseDir` to the resolver.
 *
 * @example
 * ```ts
 * const { references, baseDir } = loadReferenceFile('deploy/app.env');
 * const env = await resolveReferences(references, { baseDir });
 * ```
 */
export function loadReferenceFile(file: string): { references: Record<string, string>; baseDir: string } {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read the reference file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { references: parseReferenceFile(text, path), baseDir: dirname(path) };
}
