import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task on the same file in this process has finished, so that
 * two updates never read the same old text and lose one another's change.
 */
export function serialize<T>(file: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}

/**
 * Replaces a file's content atomically: the text goes to a temporary file (mode 0600) in the
 * same folder, is flushed to disk, and is renamed over the file. A crash at any point leaves
 * either the old file or the new one, never a half-written one.
 *
 * @example
 * ```ts
 * await writeFileAtomic('/srv/app/secrets.yml', 'db:\n  password: s3cret\n');
 * ```
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const folder = dirname(file);
  const temporary = join(folder, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The mode a file was opened with is reduced by the umask; the secret file must stay 0600.
    await fsp.chmod(temporary, 0o600);
    await fsp.rename(temporary, file);
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
  // Flush the folder too, so that the rename itself survives a power cut.
  const directory = await fsp.open(folder, 'r').catch(() => undefined);
  await directory
    ?.sync()
    .catch(() => undefined)
    .finally(() => directory.close());
}
