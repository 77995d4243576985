import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { ValidationError } from '@coffer/core';

const KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The 32 bytes of a key given as base64 text or bytes. Anything else is a `ValidationError`
 * that names where the key came from (`label`), never the key.
 */
export function parseKey(key: string | Uint8Array, label: string): Uint8Array {
  if (key instanceof Uint8Array) {
    if (key.length !== KEY_BYTES) throw new ValidationError(`${label} must be 32 bytes`);
    return Uint8Array.from(key);
  }
  const text = typeof key === 'string' ? key.trim() : '';
  const bytes = BASE64.test(text) ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : Buffer.alloc(0);
  if (bytes.length !== KEY_BYTES) {
    throw new ValidationError(`${label} must be 32 random bytes in base64 (make one with: openssl rand -base64 32)`);
  }
  return new Uint8Array(bytes);
}

/**
 * Reads the key file beside the database, creating it (mode 0600) when it does not exist. The
 * new key is written to a private temporary file first and then linked into place, which fails
 * if another process got there first: every process ends up with the one key on disk, and no
 * process ever reads a half-written file.
 *
 * @returns the key, and whether this call created it
 */
export function loadOrCreateKeyFile(path: string): { key: Uint8Array; created: boolean } {
  const existing = readKeyFile(path);
  if (existing) return { key: existing, created: false };
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const key = randomBytes(KEY_BYTES);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(temporary, 0o600);
    linkSync(temporary, path);
    return { key: new Uint8Array(key), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = readKeyFile(path);
    if (!theirs) throw new Error('key file is not a base64 32-byte key');
    return { key: theirs, created: false };
  } finally {
    unlinkSync(temporary);
  }
}

function readKeyFile(path: string): Uint8Array | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  tighten(path);
  try {
    return parseKey(text, 'key file');
  } catch {
    throw new Error('key file is not a base64 32-byte key');
  }
}

/** Takes group and other access away from a file of ours that has it. */
export function tighten(path: string): void {
  const stat = statSync(path);
  if (stat.isFile() && (stat.mode & 0o077) !== 0 && typeof process.getuid === 'function' && stat.uid === process.getuid())
    chmodSync(path, 0o600);
}
