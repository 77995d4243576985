import { type NormalizedRequest, type Operation, type ProviderOptions, ValidationError } from '@coffer/core';

const PROVIDER = 'vault';
// Characters that would change the meaning of the URL or of the log line a path lands in.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const FORBIDDEN = /[\0-\x1f\x7f?#%\\]/;
const VERSION = /^[1-9][0-9]{0,9}$/;

function invalid(message: string, path?: string): never {
  throw new ValidationError(message, path === undefined ? { provider: PROVIDER } : { provider: PROVIDER, path });
}

/** Splits a relative path into segments, refusing anything that could leave the mount. */
function segmentsOf(path: string, where: string, label: string): string[] {
  if (path.startsWith('/')) invalid(`${label} is relative to the mount: write 'app/db', not '/app/db'`, where);
  if (FORBIDDEN.test(path)) invalid(`${label} holds a character that is not allowed (control, ?, #, %, \\)`, where);
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') invalid(`${label} has an empty segment`, where);
    if (segment === '.' || segment === '..') invalid(`${label} cannot hold '.' or '..' segments`, where);
  }
  return segments;
}

/**
 * Checks a mount path (`secret`, `team/kv`) and returns it without slashes at either end.
 *
 * @example
 * ```ts
 * checkMount('secret/', 'mount'); // 'secret'
 * ```
 */
export function checkMount(mount: unknown, label: string): string {
  if (typeof mount !== 'string' || mount.replace(/^\/+|\/+$/g, '') === '') invalid(`${label} must be a non-empty path such as 'secret'`);
  const trimmed = mount.replace(/^\/+|\/+$/g, '');
  segmentsOf(trimmed, trimmed, label);
  return trimmed;
}

/**
 * The URL path of a Vault API route, each segment percent-encoded.
 *
 * @example
 * ```ts
 * apiPath('secret', 'data', 'app/db'); // '/v1/secret/data/app/db'
 * ```
 */
export function apiPath(...parts: string[]): string {
  const segments = parts.filter((part) => part !== '').flatMap((part) => part.split('/'));
  return `/v1/${segments.map(encodeURIComponent).join('/')}`;
}

/** A path of any engine (`pki/issue/web`): no version selector; `data` only with `logical`. */
function logicalRequest(path: string, options: ProviderOptions): NormalizedRequest {
  if (options.logical !== true) invalid('data is sent only with logical: true', path);
  if (options.version !== undefined) invalid('a logical path has no versions', path);
  const data = options.data as Record<string, unknown> | undefined;
  if (data !== undefined) {
    for (const [key, value] of Object.entries(data)) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) invalid(`data.${key} must be a string, number or boolean`, path);
    }
  }
  segmentsOf(path, path, 'path');
  return { path, options, subject: path };
}

/**
 * Checks a path and folds a `name:3` selector and the `version` option into `options.version`.
 * Listings take a trailing `/` (the same as without); reads and writes name one secret.
 *
 * @example
 * ```ts
 * normalizePath('get', 'app/db:3', {}); // { path: 'app/db', options: { version: 3 }, subject: 'app/db' }
 * ```
 */
export function normalizePath(operation: Operation, path: string, options: ProviderOptions): NormalizedRequest {
  let name = operation === 'list' || operation === 'exists' ? path.replace(/\/+$/, '') : path;
  if (name === '') invalid('path must name a secret or a folder under the mount, such as app/db', path);
  if (options.logical === true || options.data !== undefined) return logicalRequest(name, options);
  let version: number | undefined;
  const colon = name.lastIndexOf(':');
  if (colon !== -1 && VERSION.test(name.slice(colon + 1))) {
    if (operation !== 'get') invalid('a :version selector only applies to get', path);
    version = Number(name.slice(colon + 1));
    name = name.slice(0, colon);
  }
  segmentsOf(name, path, 'path');
  const cas = options.cas;
  if (cas !== undefined && (typeof cas !== 'number' || !Number.isInteger(cas) || cas < 0)) {
    invalid('cas must be a version number, or 0 to write only if the secret does not exist', path);
  }
  const given = options.version;
  if (given !== undefined) {
    if (typeof given !== 'number' || !Number.isInteger(given) || given < 1) invalid('version must be a positive integer', path);
    if (version !== undefined && version !== given) invalid('the version option contradicts the selector in the path', path);
    version = given;
  }
  const rest = { ...options };
  delete rest.version;
  return { path: name, options: version === undefined ? rest : { ...rest, version }, subject: name };
}
