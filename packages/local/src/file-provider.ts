import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import {
  type CallContext,
  type ListRequest,
  type Provider,
  ProviderError,
  type ReadRequest,
  SecretNotFoundError,
  type UpdateRequest,
  ValidationError,
} from '@coffer/core';
import { serialize, writeFileAtomic } from './atomic-write.js';
import { checkLocalOptions } from './check-options.js';
import { type FileFormat, FileSyntaxError, formatOf, parseFile, prepareFormat, setInFile } from './file-format.js';
import { isFolder, leaves, nameOf, segmentsOf, type Tree, toRaw, walk } from './tree.js';

/**
 * Options of {@link fileProvider}.
 *
 * @example
 * ```ts
 * const options: FileProviderOptions = { file: './secrets.yml' };
 * ```
 */
export interface FileProviderOptions {
  /**
   * The JSON, YAML or `.env` file to read. A relative path is resolved against the current folder.
   * @default process.env.COFFER_FILE
   */
  file?: string;
  /**
   * The file's format.
   * @default from the file name: `.json`, `.yaml`/`.yml`, `.env`/`*.env`/`.env.*`, else YAML
   */
  format?: FileFormat;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

interface Snapshot {
  key: string;
  tree: Tree;
}

/**
 * The `file` provider: a JSON, YAML or `.env` file read as a tree. `/a/b/c` walks it,
 * `getByPath('/a')` lists the leaves under `/a` keyed by full path, and `update` rewrites the
 * file atomically (temporary file, fsync, rename; mode 0600), keeping every other entry, the
 * comments of a YAML file and the lines of a `.env` file. The file is read again whenever its
 * modification time or size changes.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: fileProvider({ file: 'secrets.yml' }) });
 * await client.get('/db/password');
 * await client.getByPath('/db'); // { '/db/host': 'localhost', '/db/password': '...' }
 * ```
 */
export function fileProvider(options: FileProviderOptions = {}): Provider {
  options = checkLocalOptions<FileProviderOptions>(options, 'file', ['file', 'format']);
  if (options.file !== undefined && typeof options.file !== 'string')
    throw new ValidationError('file must be a path', { provider: 'file' });
  const given = options.file ?? process.env.COFFER_FILE;
  if (typeof given !== 'string' || given.trim() === '') {
    throw new ValidationError('the file provider needs a file: pass { file } (CLI --file) or set COFFER_FILE', { provider: 'file' });
  }
  const file = resolve(given);
  if (options.format !== undefined && !(['json', 'yaml', 'dotenv'] as unknown[]).includes(options.format)) {
    throw new ValidationError("format must be 'json', 'yaml' or 'dotenv'", { provider: 'file' });
  }
  const format = options.format ?? formatOf(file);
  let snapshot: Snapshot | undefined;

  const failure = (error: unknown, path: string): Error => {
    if (error instanceof FileSyntaxError) {
      return new ProviderError(`cannot parse ${file}: ${error.message}`, { provider: 'file', path, transient: false });
    }
    const code = (error as NodeJS.ErrnoException)?.code ?? 'error';
    return new ProviderError(`cannot read ${file} (${code})`, { provider: 'file', path, cause: error, transient: code !== 'ENOENT' });
  };

  async function load(path: string, context: CallContext): Promise<Tree> {
    context.countApiCall();
    await prepareFormat(format);
    try {
      const stat = await fsp.stat(file);
      const key = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (snapshot?.key !== key) snapshot = { key, tree: parseFile(await fsp.readFile(file, 'utf8'), format) };
      return snapshot.tree;
    } catch (error) {
      snapshot = undefined;
      throw failure(error, path);
    }
  }

  const checkSegments = (path: string, operation: string): string[] => {
    if (path.includes('//')) throw new ValidationError('path has an empty segment', { provider: 'file', path });
    const segments = segmentsOf(path);
    if (format === 'dotenv' && (segments.length > 1 || (segments[0] !== undefined && !ENV_NAME.test(segments[0])))) {
      throw new ValidationError('a .env file holds variables such as /DB_PASSWORD, with no nesting', { provider: 'file', path });
    }
    if (segments.length === 0 && (operation === 'get' || operation === 'update')) {
      throw new ValidationError('path must name a value, such as /db/password', { provider: 'file', path });
    }
    return segments;
  };

  const provider: Provider = {
    name: 'file',
    scope: file,
    options: { get: {}, list: {}, exists: {}, update: {} },
    normalize(operation, path, opts) {
      return { path: nameOf(checkSegments(path, operation)), options: opts };
    },
    // Reads issued together share one look at the file.
    maxBatchSize: 100,
    async getMany(requests: readonly ReadRequest[], context: CallContext) {
      const tree = await load(requests[0]?.path ?? '/', context);
      return requests.map((request) => {
        const node = walk(tree, segmentsOf(request.path));
        return node === undefined ? undefined : toRaw(node);
      });
    },
    async list(request: ListRequest, context: CallContext) {
      const segments = segmentsOf(request.path);
      const tree = await load(request.path, context);
      if (format === 'dotenv') {
        // No folders in a .env file: a listing is every variable whose name starts with the path.
        const prefix = segments[0] ?? '';
        return leaves(Object.fromEntries(Object.entries(tree).filter(([name]) => name.startsWith(prefix))), [], true);
      }
      const node = walk(tree, segments);
      return isFolder(node) ? leaves(node, segments, request.recursive) : {};
    },
    async exists(request: ReadRequest, context: CallContext) {
      const segments = segmentsOf(request.path);
      const node = walk(await load(request.path, context), segments);
      return segments.length === 0 ? Object.keys(node as Tree).length > 0 : node !== undefined;
    },
    async update(request: UpdateRequest, context: CallContext) {
      const { path, value, create } = request;
      if (value instanceof Uint8Array) throw new ValidationError('the file provider stores text, not bytes', { provider: 'file', path });
      const segments = segmentsOf(path);
      await prepareFormat(format);
      await serialize(file, async () => {
        context.countApiCall();
        let text: string;
        try {
          text = await fsp.readFile(file, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException)?.code !== 'ENOENT' || !create) throw failure(error, path);
          text = '';
        }
        let tree: Tree;
        try {
          tree = parseFile(text, format);
        } catch (error) {
          throw failure(error, path);
        }
        const existing = walk(tree, segments);
        if (existing === undefined && !create) throw new SecretNotFoundError('Secret not found', { provider: 'file', path });
        for (let i = 1; i < segments.length; i++) {
          const above = walk(tree, segments.slice(0, i));
          if (above !== undefined && !isFolder(above)) {
            throw new ValidationError(`${nameOf(segments.slice(0, i))} holds a value, not a folder`, { provider: 'file', path });
          }
        }
        if (isFolder(existing) && !isFolder(value)) {
          throw new ValidationError('path holds a folder: update its values one by one', { provider: 'file', path });
        }
        let next: string;
        try {
          next = setInFile(text, format, segments, typeof value === 'string' ? value : structuredClone(value));
        } catch (error) {
          throw failure(error, path);
        }
        try {
          await writeFileAtomic(file, next);
        } catch (error) {
          throw new ProviderError(`cannot write ${file} (${(error as NodeJS.ErrnoException)?.code ?? 'error'})`, {
            provider: 'file',
            path,
            cause: error,
            transient: false,
          });
        } finally {
          snapshot = undefined;
        }
      });
    },
  };
  Object.defineProperty(provider, inspect.custom, { value: () => `fileProvider { file: '${file}', format: '${format}' }` });
  return provider;
}
