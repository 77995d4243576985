import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type Provider, SecretNotFoundError } from '@coffer/core';

/** How a {@link fileBackend} behaves beyond reading and writing its file. */
export interface FileBackendOptions {
  /** Milliseconds each read waits after loading the file (a slow backend). */
  delay?: () => number;
  /** Called when a read loads the file (a child tells its parent a load began). */
  onLoad?: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A provider over one JSON file that several processes share: the backend of the cache tests
 * run in child processes. Every read, listing and update counts one API call; an update
 * replaces the file atomically (a process-unique temporary file, then a rename).
 */
export function fileBackend(file: string, { delay, onLoad }: FileBackendOptions = {}): Provider {
  const load = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const wait = async () => {
    const ms = delay?.() ?? 0;
    if (ms > 0) await sleep(ms);
  };
  return {
    name: 'shared-file',
    async get(request, context) {
      context.countApiCall();
      const value = load()[request.path];
      onLoad?.();
      await wait();
      return value === undefined ? undefined : { value };
    },
    async list(request, context) {
      context.countApiCall();
      const found = Object.entries(load()).filter(([name]) => name.startsWith(`${request.path}/`));
      await wait();
      return Object.fromEntries(found.map(([name, value]) => [name, { value }]));
    },
    async update(request, context) {
      context.countApiCall();
      const all = load();
      if (!(request.path in all)) throw new SecretNotFoundError('Secret not found', { path: request.path });
      all[request.path] = String(request.value);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(all));
      renameSync(temporary, file);
    },
  };
}
