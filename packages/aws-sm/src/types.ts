import type { AwsSmOptions } from './aws-sm.js';

/**
 * The aws.sm options of `get`: which version to read.
 * @example
 * ```ts
 * await get('aws.sm', 'prod/db', { versionStage: 'AWSPREVIOUS', keypath: ['password'] });
 * ```
 */
export interface AwsSmGetOptions {
  /** The version id (32 to 64 letters, digits and -). */
  versionId?: string;
  /** The staging label. @default 'AWSCURRENT' */
  versionStage?: string;
}

/**
 * The aws.sm options of `update`, applied when the secret is created.
 * @example
 * ```ts
 * await update('aws.sm', 'prod/new', { user: 'app' }, { create: true, kmsKeyId: 'alias/app' });
 * ```
 */
export interface AwsSmUpdateOptions {
  /** @default the account's `aws/secretsmanager` key */
  kmsKeyId?: string;
  /** A description for a created secret. */
  description?: string;
}

/**
 * The option types of `aws.sm`, registered in `CofferProviders`.
 * @example
 * ```ts
 * const client: CofferClient<AwsSmTypes> = new SecretsManager();
 * ```
 */
export interface AwsSmTypes {
  configure: AwsSmOptions;
  get: AwsSmGetOptions;
  list: {};
  exists: {};
  update: AwsSmUpdateOptions;
}

declare module '@coffer/core' {
  interface CofferProviders {
    'aws.sm': AwsSmTypes;
  }
}
