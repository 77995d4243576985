import type { AwsPsOptions } from './aws-ps.js';
import type { ParameterType } from './names.js';

/**
 * Which version of a parameter to read: a `version` number or a `label`, not both (the
 * `name:3` and `name:label` selectors in the path work too).
 * @example
 * ```ts
 * await ps.get('/app/db', { version: 3 });
 * await ps.get('/app/db', { label: 'prod' });
 * ```
 */
export type AwsPsVersionSelector = { version?: number; label?: never } | { label?: string; version?: never };

/**
 * The aws.ps options of `get`.
 * @example
 * ```ts
 * await get('aws.ps', '/app/db/password', { decrypt: false, version: 2 });
 * ```
 */
export type AwsPsGetOptions = {
  /**
   * Decrypt `SecureString` parameters.
   * @default true
   */
  decrypt?: boolean;
} & AwsPsVersionSelector;

/**
 * The aws.ps options of `getByPath`.
 * @example
 * ```ts
 * await getByPath('aws.ps', '/app', { type: 'SecureString', decrypt: true });
 * ```
 */
export interface AwsPsListOptions {
  /** @default true */
  decrypt?: boolean;
  /** Only parameters of this type. */
  type?: ParameterType;
  /** Only parameters encrypted with this KMS key. */
  kmsKeyId?: string;
}

/**
 * The aws.ps options of `update`; the type, key, tier and description of an existing parameter
 * are kept unless given.
 * @example
 * ```ts
 * await update('aws.ps', '/app/new', 'v', { create: true, type: 'SecureString', tier: 'Standard' });
 * ```
 */
export interface AwsPsUpdateOptions {
  /** @default the existing parameter's, else 'SecureString' */
  type?: ParameterType;
  /** @default the existing parameter's, else the account's `aws/ssm` key */
  kmsKeyId?: string;
  /** @default the existing parameter's, else 'Standard' */
  tier?: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  /** @default the existing parameter's */
  description?: string;
}

/**
 * The option types of `aws.ps`, registered in `CofferProviders`.
 * @example
 * ```ts
 * const client: CofferClient<AwsPsTypes> = new ParameterStore();
 * ```
 */
export interface AwsPsTypes {
  configure: AwsPsOptions;
  get: AwsPsGetOptions;
  list: AwsPsListOptions;
  exists: {};
  update: AwsPsUpdateOptions;
}

declare module '@coffer/core' {
  interface CofferProviders {
    'aws.ps': AwsPsTypes;
  }
}
