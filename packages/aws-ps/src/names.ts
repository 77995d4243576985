import type { AwsProviderIdentity } from '@coffer/aws/extension';
import { type NormalizedRequest, type Operation, type ProviderOptions, ValidationError } from '@coffer/core';

/**
 * Where Parameter Store exposes Secrets Manager secrets, read-only.
 *
 * @example
 * ```ts
 * await ps.get(`${SECRETS_MANAGER_REFERENCE}prod/db`);
 * ```
 */
export const SECRETS_MANAGER_REFERENCE = '/aws/reference/secretsmanager/';

/** The provider's name. */
export const PROVIDER = 'aws.ps';
const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const SECRET_ID = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const LABEL = /^(?![0-9])(?!aws)(?!ssm)[A-Za-z0-9_.-]{1,100}$/i;
const MAX_LEVELS = 15;
const MAX_NAME = 1011;

function invalid(message: string, path: string): never {
  throw new ValidationError(message, { provider: PROVIDER, path });
}

/**
 * Checks a parameter name: `/`-separated segments of `[A-Za-z0-9_.-]`, at most 15 levels, a
 * leading `/` when it has a hierarchy, not starting with `aws` or `ssm`, except the read-only
 * `/aws/reference/secretsmanager/<secret id>`. `allowRoot` lets `/` through (listings).
 *
 * @example
 * ```ts
 * checkParameterName('/prod/db/host', '/prod/db/host'); // ok
 * checkParameterName('/aws/mine', '/aws/mine');         // throws ValidationError
 * ```
 */
export function checkParameterName(name: string, path: string, allowRoot = false): void {
  if (name === '/' && allowRoot) return;
  if (name.startsWith(SECRETS_MANAGER_REFERENCE)) {
    if (!SECRET_ID.test(name.slice(SECRETS_MANAGER_REFERENCE.length)))
      invalid('the secret id after /aws/reference/secretsmanager/ is not valid', path);
    return;
  }
  if (name.length > MAX_NAME) invalid(`parameter names are at most ${MAX_NAME} characters`, path);
  if (name.includes('/') && !name.startsWith('/')) invalid('a parameter name with a hierarchy must start with /', path);
  const segments = (name.startsWith('/') ? name.slice(1) : name).split('/');
  if (segments.length > MAX_LEVELS) invalid(`parameter names have at most ${MAX_LEVELS} levels`, path);
  for (const segment of segments) {
    if (segment === '') invalid('parameter name has an empty segment', path);
    if (!SEGMENT.test(segment)) invalid('parameter names are made of letters, digits and _.- separated by /', path);
  }
  if (/^(aws|ssm)/i.test(segments[0] ?? '')) invalid("parameter names cannot start with 'aws' or 'ssm'", path);
}

/** Whether a name is a read-only Secrets Manager reference. */
export const isReference = (name: string): boolean => name.startsWith(SECRETS_MANAGER_REFERENCE);

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * Splits `name:3` / `name:label` into the name and the selector (`''` without one): the one
 * reading of a selector in a path, for the SDK and the extension alike.
 *
 * @example
 * ```ts
 * splitSelector('/app/db:3'); // { name: '/app/db', selector: '3' }
 * ```
 */
export function splitSelector(path: string): { name: string; selector: string } {
  const colon = path.lastIndexOf(':');
  return colon === -1 ? { name: path, selector: '' } : { name: path.slice(0, colon), selector: path.slice(colon + 1) };
}

/** Whether a selector is a version number rather than a label. */
export const isVersionNumber = (selector: string): boolean => /^\d+$/.test(selector);

/** {@link splitSelector}, checked, folding in the `version` and `label` options. */
function selectorOf(path: string, options: ProviderOptions): { name: string; selector: string } {
  const split = splitSelector(path);
  const { name } = split;
  let { selector } = split;
  if (path.includes(':') && !/^[1-9][0-9]{0,9}$/.test(selector) && !LABEL.test(selector))
    invalid('the selector after : must be a version number or a label', path);
  const { version, label } = options;
  if (version !== undefined && label !== undefined) invalid('give either version or label, not both', path);
  if (version !== undefined) {
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) invalid('version must be a positive integer', path);
    if (selector && selector !== String(version)) invalid('the version option contradicts the selector in the path', path);
    selector = String(version);
  }
  if (label !== undefined) {
    if (typeof label !== 'string' || !LABEL.test(label))
      invalid('label must be 1 to 100 of letters, digits and _.-, not starting with a digit, aws or ssm', path);
    if (selector && selector !== label) invalid('the label option contradicts the selector in the path', path);
    selector = label;
  }
  return { name, selector };
}

/**
 * The `normalize` of aws.ps: validates names before any call, folds `version` / `label` into
 * the `name:selector` path, fills `decrypt: true`, and makes `/a/` and `/a` one listing.
 */
export function normalizeParameterRequest(operation: Operation, path: string, options: ProviderOptions): NormalizedRequest {
  switch (operation) {
    case 'get': {
      const { name, selector } = selectorOf(path, options);
      checkParameterName(name, path);
      // Secrets Manager references are only readable decrypted.
      const decrypt = isReference(name) ? true : options.decrypt !== false;
      return { path: selector ? `${name}:${selector}` : name, subject: name, options: { decrypt } };
    }
    case 'list': {
      const name = trimSlash(path);
      if (!name.startsWith('/')) invalid('a listing path starts with /', path);
      checkParameterName(name, path, true);
      const listOptions: Record<string, unknown> = { decrypt: options.decrypt !== false };
      if (options.type !== undefined) listOptions.type = checkType(options.type, path);
      if (options.kmsKeyId !== undefined) listOptions.kmsKeyId = options.kmsKeyId;
      return { path: name, options: listOptions };
    }
    case 'exists': {
      const name = trimSlash(path);
      checkParameterName(name, path, true);
      return { path: name, options: {} };
    }
    case 'update': {
      if (path.includes(':')) invalid('update takes a parameter name without a version or label selector', path);
      checkParameterName(path, path);
      if (isReference(path)) invalid('Secrets Manager references are read-only', path);
      const updateOptions: Record<string, unknown> = {};
      if (options.type !== undefined) updateOptions.type = checkType(options.type, path);
      if (options.tier !== undefined) {
        if (!['Standard', 'Advanced', 'Intelligent-Tiering'].includes(options.tier as string))
          invalid("tier must be 'Standard', 'Advanced' or 'Intelligent-Tiering'", path);
        updateOptions.tier = options.tier;
      }
      for (const name of ['kmsKeyId', 'description'] as const) if (options[name] !== undefined) updateOptions[name] = options[name];
      return { path, options: updateOptions };
    }
  }
}

/**
 * The parameter types of SSM.
 * @example
 * ```ts
 * const type: ParameterType = 'SecureString';
 * ```
 */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

function checkType(type: unknown, path: string): ParameterType {
  if (type !== 'String' && type !== 'StringList' && type !== 'SecureString')
    invalid("type must be 'String', 'StringList' or 'SecureString'", path);
  return type;
}

/**
 * What aws.ps is whichever way it reads (the SDK or the extension's local API): its name, batch
 * size, the options each operation takes, and how requests are normalized.
 */
export const PARAMETER_STORE: AwsProviderIdentity = {
  name: PROVIDER,
  sdkPackage: '@coffer/aws-ps',
  maxBatchSize: 10,
  options: {
    get: { decrypt: 'boolean', version: 'integer', label: 'string' },
    list: { decrypt: 'boolean', type: 'string', kmsKeyId: 'string' },
    exists: {},
    update: { type: 'string', kmsKeyId: 'string', tier: 'string', description: 'string' },
  },
  normalize: normalizeParameterRequest,
};
