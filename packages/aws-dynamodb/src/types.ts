import type { AwsDynamodbOptions } from './options.js';

/**
 * The aws.dynamodb options of `get`.
 * @example
 * ```ts
 * await get('aws.dynamodb', 'feature-flags', { consistentRead: true });
 * ```
 */
export interface AwsDynamodbGetOptions {
  /** A strongly consistent read (it costs twice the read capacity). @default false */
  consistentRead?: boolean;
}

/**
 * The aws.dynamodb options of `getByPath`.
 * @example
 * ```ts
 * await getByPath('aws.dynamodb', 'my-hash-key', { consistentRead: true });
 * ```
 */
export interface AwsDynamodbListOptions {
  /** A strongly consistent query (it costs twice the read capacity). @default false */
  consistentRead?: boolean;
}

/**
 * The option types of `aws.dynamodb`, registered in `CofferProviders`.
 * @example
 * ```ts
 * const client: CofferClient<AwsDynamodbTypes> = new DynamoDBTable({ tableName: 'params' });
 * ```
 */
export interface AwsDynamodbTypes {
  configure: AwsDynamodbOptions;
  get: AwsDynamodbGetOptions;
  list: AwsDynamodbListOptions;
  exists: {};
  update: {};
}

declare module '@coffer/core' {
  interface CofferProviders {
    'aws.dynamodb': AwsDynamodbTypes;
  }
}
