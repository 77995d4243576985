import { type NormalizedRequest, type Operation, type ProviderOptions, ValidationError } from '@coffer/core';

const PROVIDER = 'gcp.sm';
/** Secret Manager's own rule for a secret id. */
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
const PREFIX = /^[A-Za-z0-9_-]{0,255}$/;
/** Project ids (`my-project`), domain-scoped ids (`example.com:my-project`) and project numbers. */
const PROJECT = /^[a-z0-9][a-z0-9.:-]{0,99}$/;
const VERSION = /^(latest|[1-9][0-9]{0,17})$/;
const FULL = /^projects\/([^/]+)\/secrets\/([^/:]*)(?::([^/]+)|\/versions\/([^/]+))?$/;
const PROJECT_ONLY = /^projects\/([^/]+)(?:\/secrets\/?)?$/;

function invalid(message: string, path: string): never {
  throw new ValidationError(message, { provider: PROVIDER, path });
}

/**
 * Checks a project id, as an option or inside a path.
 *
 * @example
 * ```ts
 * checkProject('my-project', 'project option'); // 'my-project'
 * ```
 */
export function checkProject(project: string, where: string): string {
  if (!PROJECT.test(project)) {
    throw new ValidationError(`${where}: '${project}' is not a Google Cloud project id (lower-case letters, digits, -)`, {
      provider: PROVIDER,
    });
  }
  return project;
}

/** The resource name of a secret, or of the project's secret collection with an empty id. */
export const secretName = (project: string, secret: string): string => `projects/${project}/secrets/${secret}`;

/** A path taken apart: the project when it names one, the secret id (or prefix), the version. */
interface Parts {
  project: string | undefined;
  secret: string;
  version: string | undefined;
}

function partsOf(path: string): Parts {
  if (path.startsWith('projects/')) {
    const whole = PROJECT_ONLY.exec(path);
    if (whole) return { project: checkProjectIn(whole[1] ?? '', path), secret: '', version: undefined };
    const match = FULL.exec(path);
    if (!match) invalid("a full name is 'projects/PROJECT/secrets/SECRET' (regional secrets are not supported)", path);
    return { project: checkProjectIn(match[1] ?? '', path), secret: match[2] ?? '', version: match[3] ?? match[4] };
  }
  const colon = path.indexOf(':');
  return colon < 0
    ? { project: undefined, secret: path, version: undefined }
    : { project: undefined, secret: path.slice(0, colon), version: path.slice(colon + 1) };
}

function checkProjectIn(project: string, path: string): string {
  if (!PROJECT.test(project)) invalid(`'${project}' is not a Google Cloud project id`, path);
  return project;
}

function versionOf(fromPath: string | undefined, fromOption: unknown, path: string): string {
  if (fromPath !== undefined && fromOption !== undefined)
    invalid('give the version in the path (db:3) or as the version option, not both', path);
  const given = fromPath ?? (fromOption === undefined ? 'latest' : String(fromOption));
  if (!VERSION.test(given)) invalid("a version is a positive integer or 'latest'", path);
  return given;
}

/**
 * Checks a path and puts it in canonical form: `projects/P/secrets/S` when the project is known
 * (from the path or `defaultProject`), else the bare id (the project comes from Application
 * Default Credentials at call time). A `db:3` or `.../versions/3` selector and the `version`
 * option become `options.version`. A listing takes an id prefix (or a project: all of it) and
 * remembers in `options.bare` whether to answer with bare ids or full names.
 *
 * @example
 * ```ts
 * normalizeName('get', 'db:3', {}, 'p'); // { path: 'projects/p/secrets/db', options: { version: '3' }, ... }
 * ```
 */
export function normalizeName(
  operation: Operation,
  path: string,
  options: ProviderOptions,
  defaultProject: string | undefined,
): NormalizedRequest {
  const parts = partsOf(path);
  const project = parts.project ?? defaultProject;
  if (operation === 'list') {
    if (parts.version !== undefined) invalid('a listing takes a name prefix, without a version', path);
    if (!PREFIX.test(parts.secret)) invalid('a name prefix holds only letters, digits, _ and -', path);
    if (parts.secret === '' && project === undefined) invalid('a listing needs a name prefix', path);
    const canonical = project === undefined ? parts.secret : secretName(project, parts.secret);
    return { path: canonical, options: { ...options, bare: parts.project === undefined } };
  }
  if (!SECRET_ID.test(parts.secret)) invalid('a secret id is 1-255 letters, digits, _ and -', path);
  const canonical = project === undefined ? parts.secret : secretName(project, parts.secret);
  if (operation === 'update') {
    if (parts.version !== undefined) invalid('update adds a new version: name the secret without a version', path);
    return { path: canonical, options, subject: canonical };
  }
  const version = versionOf(parts.version, options.version, path);
  return { path: canonical, options: { ...options, version }, subject: canonical };
}

/**
 * The project and secret id of a canonical path, with `project` for a bare one.
 *
 * @example
 * ```ts
 * splitName('projects/p/secrets/db', undefined); // { project: 'p', secret: 'db' }
 * ```
 */
export function splitName(path: string, project: () => Promise<string>): Promise<{ project: string; secret: string }> {
  const match = /^projects\/([^/]+)\/secrets\/(.*)$/.exec(path);
  if (match) return Promise.resolve({ project: match[1] ?? '', secret: match[2] ?? '' });
  return project().then((resolved) => ({ project: resolved, secret: path }));
}
