import { isAbsolute, resolve } from 'node:path';
import { type Keypath, ValidationError } from '@coffer/core';

/**
 * One secret reference, in the syntax of helmfile's `vals`, parsed: which provider reads it,
 * with which options, and the keypath into the value.
 *
 * @example
 * ```ts
 * parseReference('ref+vault://secret/app/db#/password');
 * // { provider: 'vault', path: 'app/db', keypath: ['password'], providerOptions: { mount: 'secret' }, readOptions: { unwrap: false } }
 * ```
 */
export interface Reference {
  /** The coffer provider: `vault`, `aws.ps`, `aws.sm`, `gcp.sm` or `file`. */
  readonly provider: 'vault' | 'aws.ps' | 'aws.sm' | 'gcp.sm' | 'file';
  /** The provider's path of the secret. */
  readonly path: string;
  /** The keys after `#/`, walked into the value; none for the whole value. */
  readonly keypath: Keypath;
  /** Options of the provider instance (mount, address, region, file, ...). */
  readonly providerOptions: Readonly<Record<string, unknown>>;
  /** Options of the read (version, versionStage, ...). */
  readonly readOptions: Readonly<Record<string, unknown>>;
}

/**
 * How to parse references.
 *
 * @example
 * ```ts
 * parseReference('ref+file://secrets.yml#/db/password', { baseDir: '/srv/app' });
 * ```
 */
export interface ParseReferenceOptions {
  /**
   * The folder a relative `ref+file://` path is relative to.
   * @default process.cwd()
   */
  baseDir?: string;
}

/** The schemes coffer reads, and the query parameters each takes. */
const SCHEMES: Record<string, { provider: Reference['provider']; query: readonly string[] }> = {
  vault: { provider: 'vault', query: ['address', 'namespace', 'mount', 'version'] },
  awsssm: { provider: 'aws.ps', query: ['region', 'role_arn', 'version'] },
  awssecrets: { provider: 'aws.sm', query: ['region', 'role_arn', 'version_stage', 'version_id'] },
  gcpsecrets: { provider: 'gcp.sm', query: ['version'] },
  file: { provider: 'file', query: [] },
};

const REFERENCE = /^ref\+([a-z0-9]+):\/\/([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

/**
 * Whether a text is a reference (`ref+<scheme>://...`) rather than a literal value.
 *
 * @example
 * ```ts
 * isReference('ref+vault://secret/app/db#/password'); // true
 * isReference('8080'); // false
 * ```
 */
export const isReference = (text: string): boolean => text.startsWith('ref+');

function invalid(message: string): never {
  throw new ValidationError(message);
}

/** `#/a/b/0` → `['a', 'b', 0]`: JSON-pointer escapes undone, digits walk into arrays. */
function keypathOf(fragment: string | undefined, scheme: string): Keypath {
  if (fragment === undefined || fragment === '' || fragment === '/') return [];
  if (!fragment.startsWith('/')) invalid(`a ref+${scheme} fragment starts with /: #/key/inner`);
  return fragment
    .slice(1)
    .split('/')
    .map((key) => {
      if (key === '') invalid(`a ref+${scheme} fragment has an empty key`);
      const plain = decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(plain) ? Number(plain) : plain;
    });
}

function queryOf(text: string | undefined, scheme: string, allowed: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text ?? '')) {
    if (!allowed.includes(name)) {
      invalid(`ref+${scheme} does not take ?${name}${allowed.length ? ` (it takes ${allowed.join(', ')})` : ''}`);
    }
    query[name] = value;
  }
  return query;
}

function version(text: string | undefined, scheme: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,9}$/.test(text)) invalid(`ref+${scheme} ?version must be a positive integer`);
  return Number(text);
}

function awsOptions(query: Record<string, string>): Record<string, unknown> {
  return {
    ...(query.region ? { region: query.region } : {}),
    ...(query.role_arn ? { assumeRole: { roleArn: query.role_arn } } : {}),
  };
}

/**
 * Parses a reference in the syntax of `vals`:
 * - `ref+vault://<mount>/<path>#/<key>` (`?address=`, `?namespace=`, `?version=`; `?mount=` for a
 *   mount of more than one segment, which then prefixes the path);
 * - `ref+awsssm:///<parameter>#/<key>` (`?region=`, `?role_arn=`, `?version=`);
 * - `ref+awssecrets://<secret id>#/<key>` (`?region=`, `?role_arn=`, `?version_stage=`, `?version_id=`);
 * - `ref+gcpsecrets://<project>/<secret>#/<key>` (`?version=` a number or `latest`);
 * - `ref+file://<file>#/<path in the file>` (a relative file is relative to `baseDir`).
 *
 * A mistake is a `ValidationError` that quotes neither the reference nor any value.
 *
 * @example
 * ```ts
 * const reference = parseReference('ref+awssecrets://prod/db?region=eu-west-1#/password');
 * ```
 */
export function parseReference(text: string, options: ParseReferenceOptions = {}): Reference {
  if (typeof text !== 'string') invalid('a reference must be a string');
  const match = REFERENCE.exec(text.trim());
  if (!match) invalid('a reference looks like ref+vault://secret/app/db#/password');
  const [, scheme = '', rawPath = '', rawQuery, fragment] = match;
  const spec = SCHEMES[scheme];
  if (!spec) invalid(`unknown reference scheme ref+${scheme}:// (known: ${Object.keys(SCHEMES).join(', ')})`);
  const query = queryOf(rawQuery, scheme, spec.query);
  const keypath = keypathOf(fragment, scheme);
  const path = decodeURIComponent(rawPath);
  if (path.replace(/^\/+/, '') === '') invalid(`ref+${scheme}:// needs a path`);

  switch (spec.provider) {
    case 'vault': {
      const mount = (query.mount ?? path.split('/')[0] ?? '').replace(/^\/+|\/+$/g, '');
      if (!path.startsWith(`${mount}/`) || path.length <= mount.length + 1) {
        invalid('ref+vault:// names the mount, then the secret: ref+vault://secret/app/db');
      }
      const given = version(query.version, scheme);
      return {
        provider: 'vault',
        path: path.slice(mount.length + 1),
        keypath,
        providerOptions: {
          mount,
          ...(query.address ? { address: query.address } : {}),
          ...(query.namespace ? { namespace: query.namespace } : {}),
        },
        // With a key to take, read the fields as they are, even a lone `value` field.
        readOptions: { ...(given === undefined ? {} : { version: given }), ...(keypath.length ? { unwrap: false } : {}) },
      };
    }
    case 'aws.ps': {
      const name = path.startsWith('/') || !path.includes('/') ? path : `/${path}`;
      const given = version(query.version, scheme);
      return { provider: 'aws.ps', path: name, keypath, providerOptions: awsOptions(query), readOptions: given ? { version: given } : {} };
    }
    case 'aws.sm':
      return {
        provider: 'aws.sm',
        path: path.replace(/^\/+/, ''),
        keypath,
        providerOptions: awsOptions(query),
        readOptions: {
          ...(query.version_stage ? { versionStage: query.version_stage } : {}),
          ...(query.version_id ? { versionId: query.version_id } : {}),
        },
      };
    case 'gcp.sm': {
      const [project, secret, ...rest] = path.split('/');
      if (!project || !secret || rest.length > 0)
        invalid('ref+gcpsecrets:// names the project, then the secret: ref+gcpsecrets://my-project/db');
      const given = query.version === 'latest' ? undefined : version(query.version, scheme);
      const readOptions = given === undefined ? {} : { version: given };
      return { provider: 'gcp.sm', path: `projects/${project}/secrets/${secret}`, keypath, providerOptions: {}, readOptions };
    }
    default: {
      if (keypath.length === 0) invalid('ref+file:// needs the path inside the file: ref+file://secrets.yml#/db/password');
      const file = isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path);
      return { provider: 'file', path: `/${keypath.join('/')}`, keypath: [], providerOptions: { file }, readOptions: {} };
    }
  }
}
