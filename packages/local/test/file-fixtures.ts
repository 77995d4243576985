import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SeedEntry } from '@coffer/conformance';
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

const root = resolve(__dirname, '../../..');

/**
 * Builds a workspace package with `tsc -b` (incremental: a no-op when up to date). Test files run
 * in parallel workers, so builds take turns through a lock folder: none loads a half-written dist.
 */
export function buildPackage(pkg: string): void {
  const lock = join(tmpdir(), `coffer-build-${createHash('sha1').update(root).digest('hex').slice(0, 8)}.lock`);
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}; remove it if no build is running`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', `packages/${pkg}`], { cwd: root, stdio: 'inherit' });
  } finally {
    rmdirSync(lock);
  }
}
