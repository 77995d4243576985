import { inspect } from 'node:util';
import { type CallContext, type ListRequest, type Provider, type ReadRequest, UnsupportedError, ValidationError } from '@coffer/core';
import { checkLocalOptions } from './check-options.js';

/**
 * Options of {@link envProvider}.
 *
 * @example
 * ```ts
 * const options: EnvProviderOptions = { prefix: 'APP_' };
 * ```
 */
export interface EnvProviderOptions {
  /**
   * Read only the variables starting with this prefix; paths are the names without it
   * (with `prefix: 'APP_'`, `get('DB_HOST')` reads `APP_DB_HOST`).
   * @default ''
   */
  prefix?: string;
}

function checkName(path: string): void {
  if (path.includes('=') || path.includes('\u0000')) {
    throw new ValidationError('an environment variable name cannot hold "=" or NUL', { provider: 'env', path });
  }
}

/**
 * The `env` provider: reads `process.env`. `getByPath(prefix)` lists the variables whose names
 * start with `prefix`; `update` is not supported (a process cannot change its parent's
 * environment).
 *
 * @example
 * ```ts
 * const client = createClient({ provider: envProvider({ prefix: 'APP_' }) });
 * await client.get('DB_HOST');        // process.env.APP_DB_HOST
 * await client.getByPath('DB_');      // { DB_HOST: '...', DB_PORT: '...' }
 * ```
 */
export function envProvider(options: EnvProviderOptions = {}): Provider {
  const prefix = checkLocalOptions<EnvProviderOptions>(options, 'env', ['prefix']).prefix ?? '';
  if (typeof prefix !== 'string') throw new ValidationError('prefix must be a string', { provider: 'env' });
  checkName(prefix);
  const provider: Provider = {
    name: 'env',
    scope: prefix,
    options: { get: {}, list: {}, exists: {}, update: {} },
    normalize(operation, path, opts) {
      if (operation !== 'list') checkName(path);
      return { path, options: opts };
    },
    async get(request: ReadRequest, context: CallContext) {
      context.countApiCall();
      const value = process.env[prefix + request.path];
      return value === undefined ? undefined : { value };
    },
    async list(request: ListRequest, context: CallContext) {
      context.countApiCall();
      const start = prefix + request.path;
      const out: Record<string, { value: string }> = {};
      for (const name of Object.keys(process.env).sort()) {
        const value = process.env[name];
        if (value !== undefined && name.startsWith(start)) out[name.slice(prefix.length)] = { value };
      }
      return out;
    },
    async exists(request: ReadRequest, context: CallContext) {
      context.countApiCall();
      return process.env[prefix + request.path] !== undefined;
    },
    async update(request) {
      throw new UnsupportedError('the env provider is read-only', { provider: 'env', path: request.path });
    },
  };
  Object.defineProperty(provider, inspect.custom, { value: () => `envProvider { prefix: '${prefix}' }` });
  return provider;
}
