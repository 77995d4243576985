import { formatDotenvValue } from '@coffer/local';
import { UsageError } from './errors.js';

/** The `--format` of `get-by-path`. */
export type ListingFormat = 'json' | 'env' | 'table';
/** The `--format` of `export`. */
export type ExportFormat = 'dotenv' | 'json' | 'shell';

const toJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, (_key, item: unknown) => (item instanceof Uint8Array ? Buffer.from(item).toString('base64') : item), indent);

/**
 * A value as `coffer get` prints it: text as it is, bytes as they are, anything else as JSON.
 * With `--json`, always JSON (bytes as base64).
 */
export function formatValue(value: unknown, json: boolean): string | Uint8Array {
  if (json) return `${toJson(value)}\n`;
  if (typeof value === 'string') return `${value}\n`;
  if (value instanceof Uint8Array) return value;
  return `${toJson(value, 2)}\n`;
}

/** A value as one line of text: text as it is, anything else as compact JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return toJson(value) ?? '';
}

/**
 * An environment variable name for a listed secret: its path below the listed path, upper case,
 * `_` for anything else (`/prod/app/db/host` under `/prod/app` is `DB_HOST`).
 */
export function envNameOf(name: string, base: string): string {
  const folder = base.replace(/\/+$/, '');
  const relative = name.startsWith(`${folder}/`) ? name.slice(folder.length + 1) : name.replace(/^\/+/, '');
  const upper = relative.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper || '_';
}

/**
 * `NAME=value` lines; two secrets that map to one name are a usage error naming both, since a
 * shell or a `.env` reader would keep only the last.
 */
function envLines(entries: readonly (readonly [string, unknown])[], base: string): string {
  const taken = new Map<string, string>();
  let text = '';
  for (const [name, value] of entries) {
    const variable = envNameOf(name, base);
    const other = taken.get(variable);
    if (other !== undefined) {
      throw new UsageError(`--format env: ${other} and ${name} both become ${variable}; list them with --format json`);
    }
    taken.set(variable, name);
    text += `${variable}=${formatDotenvValue(asText(value))}\n`;
  }
  return text;
}

/** `get-by-path` output: JSON (the default), `NAME=value` lines, or an aligned table. */
export function formatListing(listing: Readonly<Record<string, unknown>>, base: string, format: ListingFormat): string {
  const entries = Object.entries(listing).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (format === 'json') return `${toJson(Object.fromEntries(entries), 2)}\n`;
  if (format === 'env') return envLines(entries, base);
  const width = Math.max(4, ...entries.map(([name]) => name.length));
  const line = (name: string, value: string) => `${name.padEnd(width)}  ${value}\n`;
  const oneLine = (value: unknown) => asText(value).replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n');
  return line('NAME', 'VALUE') + entries.map(([name, value]) => line(name, oneLine(value))).join('');
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** `export` output: a `.env` file, a JSON object, or `export NAME='value'` lines for a shell. */
export function formatExport(variables: Readonly<Record<string, string>>, format: ExportFormat): string {
  const entries = Object.entries(variables);
  switch (format) {
    case 'json':
      return `${JSON.stringify(variables, null, 2)}\n`;
    case 'shell':
      return entries.map(([name, value]) => `export ${name}=${shellQuote(value)}\n`).join('');
    case 'dotenv':
      return entries.map(([name, value]) => `${name}=${formatDotenvValue(value)}\n`).join('');
  }
}
