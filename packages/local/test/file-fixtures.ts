import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SeedEntry } from '@coffer/conformance';
import { buildPackage } from '../../../scripts/test-support/build-package';

export { buildPackage };
import { type FileFormat, parseDotenv } from '@coffer/local';
import { parse, stringify } from 'yaml';

/** A new empty folder for one test file. */
export const tempFolder = (): string => mkdtempSync(join(tmpdir(), 'coffer-local-'));

/** A random value that no fixture shares. */
export const secretValue = (): string => `s3cr3t-${randomBytes(8).toString('hex')}`;

function setIn(tree: Record<string, unknown>, segments: string[], value: unknown): void {
  let folder = tree;
  for (const segment of segments.slice(0, -1)) {
    folder[segment] ??= {};
    folder = folder[segment] as Record<string, unknown>;
  }
  folder[segments.at(-1) as string] = value;
}

/**
 * Writes fixtures straight into a file (not through the provider under test), in its format.
 */
export function seedFile(file: string, format: FileFormat, entries: SeedEntry[]): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  if (format === 'dotenv') {
    const variables = parseDotenv(text);
    for (const { name, value } of entries) variables[name.replace(/^\//, '')] = value as string;
    const lines = Object.entries(variables).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return;
  }
  const tree = (format === 'json' ? (text ? JSON.parse(text) : {}) : (parse(text) ?? {})) as Record<string, unknown>;
  for (const { name, value } of entries) setIn(tree, name.split('/').filter(Boolean), value);
  writeFileSync(file, format === 'json' ? `${JSON.stringify(tree, null, 2)}\n` : stringify(tree));
}

const _root = resolve(__dirname, '../../..');
