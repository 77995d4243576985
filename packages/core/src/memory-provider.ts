import { inspect } from 'node:util';
import { SecretNotFoundError, ValidationError } from './errors.js';
import type { CallContext, ListRequest, Provider, RawSecret, ReadRequest, SecretInput, UpdateRequest } from './provider.js';
import { readOptions } from './read-options.js';
import { checkUpdateValue } from './update-value.js';

/**
 * A value to seed a {@link memoryProvider} with: objects and arrays are stored as JSON.
 * @example
 * ```ts
 * const seed: Record<string, SeedValue> = { '/a': 'text', '/b': ['x', 'y'], '/c': { k: 1 } };
 * ```
 */
export type SeedValue = SecretInput;

/**
 * Options of {@link memoryProvider}.
 * @example
 * ```ts
 * memoryProvider({ seed: { '/app/pw': 'secret' }, secure: ['/app/pw'], maxBatchSize: 10 });
 * ```
 */
export interface MemoryProviderOptions {
  /** The secrets it starts with, by full name. */
  seed?: Readonly<Record<string, SeedValue>>;
  /**
   * Names stored encrypted: read with `decrypt: false` they come back as an opaque
   * `encrypted:<base64>` text, as an SSM `SecureString` does.
   * @default []
   */
  secure?: readonly string[];
  /**
   * The most names one batched read takes.
   * @default 10
   */
  maxBatchSize?: number;
  /**
   * Keeps instances apart when several share one cache.
   * @default ''
   */
  scope?: string;
}

/**
 * The in-memory provider, with helpers to change its data from a test.
 * @example
 * ```ts
 * const provider: MemoryProvider = memoryProvider();
 * provider.set('/app/flag', 'on');
 * ```
 */
export type MemoryProvider = Provider<MemoryProviderTypes> & MemoryProviderHelpers;

/**
 * The option types of {@link memoryProvider}: `decrypt` on reads and listings, as aws.ps has.
 * @example
 * ```ts
 * const client: CofferClient<MemoryProviderTypes> = createClient({ provider: memoryProvider() });
 * ```
 */
export interface MemoryProviderTypes {
  configure: MemoryProviderOptions;
  get: { /** @default true */ decrypt?: boolean };
  list: { /** @default true */ decrypt?: boolean };
  exists: {};
  update: {};
}

/** What {@link memoryProvider} adds to the provider contract. */
export interface MemoryProviderHelpers {
  /** Stores a value (as `update` with `create: true` would, without counting an API call). */
  set(name: string, value: SeedValue, options?: { secure?: boolean }): void;
  /** Removes a value. */
  remove(name: string): void;
  /** The stored names, sorted. */
  names(): string[];
}

function toRaw(value: SeedValue): RawSecret {
  if (typeof value === 'string') return { value };
  if (value instanceof Uint8Array) return { value: Uint8Array.prototype.slice.call(value) };
  // A comma-separated list, as an SSM StringList, when that reads back exactly; else JSON.
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && !item.includes(','))) {
    if (!(value.length === 1 && value[0] === '')) return { value: value.join(','), list: true };
  }
  return { value: JSON.stringify(value) };
}

function checkName(name: string): void {
  if (name.includes('//')) throw new ValidationError('path has an empty segment', { provider: 'memory', path: name });
}

/** The options, read once and checked: seeds are values `update` would take. */
function checkMemoryOptions(options: unknown): MemoryProviderOptions {
  const given = readOptions(options, 'memoryProvider options', { provider: 'memory' });
  const where = { provider: 'memory' };
  const seed = readOptions(given.seed, 'memoryProvider seed', where);
  for (const [name, value] of Object.entries(seed)) checkUpdateValue(value, { provider: 'memory', path: name });
  const { secure, maxBatchSize, scope } = given;
  if (secure !== undefined && !(Array.isArray(secure) && secure.every((name) => typeof name === 'string'))) {
    throw new ValidationError('memoryProvider secure must be a list of names', where);
  }
  if (maxBatchSize !== undefined && !(Number.isInteger(maxBatchSize) && (maxBatchSize as number) >= 1)) {
    throw new ValidationError('memoryProvider maxBatchSize must be a positive integer', where);
  }
  if (scope !== undefined && typeof scope !== 'string') throw new ValidationError('memoryProvider scope must be a string', where);
  return { ...(given as MemoryProviderOptions), seed: seed as Record<string, SeedValue> };
}

/**
 * A complete in-memory provider (name `memory`) with every capability: batched reads, listing,
 * existence, update and a `decrypt` option; every write gets the next version (`metadata.version`,
 * increasing). It is the reference the conformance suite runs
 * against, and a stand-in for a real backend in your own tests.
 *
 * @example
 * ```ts
 * const provider = memoryProvider({ seed: { '/app/db': { user: 'app', password: 'pw' } } });
 * const client = createClient({ provider });
 * await client.get('/app/db', { keypath: ['user'] }); // 'app'
 * ```
 */
export function memoryProvider(options: MemoryProviderOptions = {}): MemoryProvider {
  options = checkMemoryOptions(options);
  const store = new Map<string, { raw: RawSecret; secure: boolean }>();
  const secure = new Set(options.secure ?? []);
  // Every write gets the next version (and the time it was written), as a backend would say.
  let versions = 0;
  const written = (value: SeedValue): RawSecret => ({
    ...toRaw(value),
    metadata: { version: String(++versions), updatedAt: new Date().toISOString() },
  });
  for (const [name, value] of Object.entries(options.seed ?? {})) {
    store.set(name, { raw: written(value), secure: secure.has(name) });
  }

  function read(name: string, decrypt: boolean): RawSecret | undefined {
    const entry = store.get(name);
    if (!entry) return undefined;
    if (entry.secure && !decrypt) {
      const bytes = typeof entry.raw.value === 'string' ? Buffer.from(entry.raw.value) : Buffer.from(entry.raw.value);
      return { value: `encrypted:${bytes.toString('base64')}`, metadata: entry.raw.metadata };
    }
    const { value } = entry.raw;
    return { ...entry.raw, value: typeof value === 'string' ? value : Uint8Array.prototype.slice.call(value) };
  }

  const decryptOf = (request: ReadRequest) => request.options.decrypt !== false;
  const trimmed = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

  const provider: MemoryProvider & Required<Pick<Provider, 'list' | 'exists' | 'update'>> = {
    name: 'memory',
    scope: options.scope ?? '',
    maxBatchSize: options.maxBatchSize ?? 10,
    options: { get: { decrypt: 'boolean' }, list: { decrypt: 'boolean' }, exists: {}, update: {} },
    normalize(operation, path, opts) {
      checkName(path);
      const normalized = operation === 'list' || operation === 'exists' ? trimmed(path) : path;
      return operation === 'get' || operation === 'list'
        ? { path: normalized, options: { decrypt: opts.decrypt !== false } }
        : { path: normalized, options: {} };
    },
    async get(request: ReadRequest, context: CallContext) {
      context.countApiCall();
      return read(request.path, decryptOf(request));
    },
    async getMany(requests: readonly ReadRequest[], context: CallContext) {
      context.countApiCall();
      return requests.map((request) => read(request.path, decryptOf(request)));
    },
    async list(request: ListRequest, context: CallContext) {
      context.countApiCall();
      const prefix = request.path === '/' ? '/' : `${trimmed(request.path)}/`;
      const out: Record<string, RawSecret> = {};
      for (const name of [...store.keys()].sort()) {
        if (!name.startsWith(prefix)) continue;
        if (!request.recursive && name.slice(prefix.length).includes('/')) continue;
        out[name] = read(name, decryptOf(request)) as RawSecret;
      }
      return out;
    },
    async exists(request: ReadRequest, context: CallContext) {
      context.countApiCall();
      const path = trimmed(request.path);
      if (store.has(path)) return true;
      const prefix = path === '/' ? '/' : `${path}/`;
      for (const name of store.keys()) if (name.startsWith(prefix)) return true;
      return false;
    },
    async update(request: UpdateRequest, context: CallContext) {
      context.countApiCall();
      const existing = store.get(request.path);
      if (!existing && !request.create) throw new SecretNotFoundError('Secret not found', { provider: 'memory', path: request.path });
      store.set(request.path, { raw: written(request.value), secure: existing?.secure ?? false });
    },
    set(name, value, setOptions = {}) {
      store.set(name, { raw: written(value), secure: setOptions.secure ?? store.get(name)?.secure ?? false });
    },
    remove(name) {
      store.delete(name);
    },
    names: () => [...store.keys()].sort(),
  };
  Object.defineProperty(provider, inspect.custom, { value: () => `memoryProvider { names: ${store.size} }` });
  return provider;
}
