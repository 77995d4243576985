import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import {
  type CallContext,
  type ListRequest,
  type Provider,
  type ReadRequest,
  registerProvider,
  SecretNotFoundError,
  type UpdateRequest,
  ValidationError,
} from '@coffer/core';

/** Options of {@link dirProvider}. */
export interface DirProviderOptions {
  /**
   * The folder holding one file per secret, as Kubernetes and Docker mount them.
   * @default '/run/secrets'
   */
  root?: string;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/**
 * A provider for secrets mounted as files (Kubernetes secret volumes, Docker secrets): the path
 * `/db/password` is the file `<root>/db/password`. It fetches and writes; the caching client
 * coffer wraps it in does the caching, decoding, keypaths and single flight.
 *
 * @example
 * ```ts
 * const secrets = createClient({ provider: dirProvider({ root: '/run/secrets' }) });
 * await secrets.get('/db/password');
 * ```
 */
export function dirProvider(options: DirProviderOptions = {}): Provider {
  const root = options.root ?? '/run/secrets';
  const fileOf = (path: string) => join(root, ...path.split('/').filter(Boolean));
  const missing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

  async function walk(folder: string, recursive: boolean, out: Record<string, { value: string }>): Promise<void> {
    const entries = await fsp.readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
      if (missing(error)) return [];
      throw error;
    });
    for (const entry of entries) {
      const file = join(folder, entry.name);
      if (entry.isDirectory() && recursive) await walk(file, true, out);
      else if (entry.isFile() && !entry.name.startsWith('.')) {
        out[`/${relative(root, file).split(sep).join('/')}`] = { value: await fsp.readFile(file, 'utf8') };
      }
    }
  }

  return {
    name: 'dir',
    scope: root,
    // Rejected before any read: '..' would leave the folder.
    normalize(_operation, path, opts) {
      const segments = path.split('/').filter(Boolean);
      if (!segments.every((segment) => SEGMENT.test(segment) && segment !== '..' && segment !== '.')) {
        throw new ValidationError('path segments must be [A-Za-z0-9_.-] and not . or ..', { provider: 'dir', path });
      }
      return { path: `/${segments.join('/')}`, options: opts };
    },
    async get(request: ReadRequest, context: CallContext) {
      context.countApiCall();
      try {
        return { value: await fsp.readFile(fileOf(request.path), 'utf8') };
      } catch (error) {
        if (missing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw error;
      }
    },
    async list(request: ListRequest, context: CallContext) {
      context.countApiCall();
      const out: Record<string, { value: string }> = {};
      await walk(fileOf(request.path), request.recursive, out);
      return out;
    },
    async exists(request: ReadRequest, context: CallContext) {
      context.countApiCall();
      return fsp.stat(fileOf(request.path)).then(
        () => true,
        (error: unknown) => {
          if (missing(error)) return false;
          throw error;
        },
      );
    },
    async update(request: UpdateRequest, context: CallContext) {
      context.countApiCall();
      const file = fileOf(request.path);
      const exists = await fsp.stat(file).then(
        (stat) => stat.isFile(),
        () => false,
      );
      if (!exists && !request.create) throw new SecretNotFoundError('Secret not found', { provider: 'dir', path: request.path });
      const { value } = request;
      const text =
        typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : JSON.stringify(value);
      await fsp.mkdir(dirname(file), { recursive: true, mode: 0o700 });
      // Write beside and rename: a reader never sees half a secret.
      const temporary = `${dirname(file)}/.${randomBytes(6).toString('hex')}.tmp`;
      await fsp.writeFile(temporary, text, { mode: 0o600 });
      await fsp.rename(temporary, file);
    },
  };
}

// Plugged in under a name: get('dir', '/db/password') and the CLI's config files can use it.
registerProvider('dir', (options) => dirProvider(options));

// Declared by merging: get('dir', ...) and configure('dir', { root }) check their options.
declare module '@coffer/core' {
  interface CofferProviders {
    dir: { configure: DirProviderOptions };
  }
}
