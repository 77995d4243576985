import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

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
