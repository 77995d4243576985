import { type ClientOptions, CofferClient, splitClientOptions } from '@coffer/core';
import { awsDynamodb } from './aws-dynamodb.js';
import type { AwsDynamodbOptions } from './options.js';
import type { AwsDynamodbTypes } from './types.js';

/**
 * Options of {@link DynamoDBTable}: the provider's ({@link AwsDynamodbOptions}) and the client's (cache, ttl, ...).
 *
 * @example
 * ```ts
 * const options: DynamoDBTableOptions = { tableName: 'params', ttl: '5m', staleIfError: '1h' };
 * ```
 */
export interface DynamoDBTableOptions extends AwsDynamodbOptions, ClientOptions {}

/**
 * A caching client over a DynamoDB table of parameters: `get`, `getMany`, `getByPath`,
 * `pathExists`, `update`, `refresh`, `clear`, `stats`.
 *
 * @example
 * ```ts
 * const params = new DynamoDBTable({ tableName: 'params', cache: memoryCache({ ttl: '5m' }) });
 * const flags = await params.get('feature-flags', { keypath: ['beta'] });
 * const app = await params.getByPath('my-hash-key');
 * ```
 */
export class DynamoDBTable extends CofferClient<AwsDynamodbTypes> {
  constructor(options: DynamoDBTableOptions = {}) {
    const { client, provider } = splitClientOptions(options);
    super({ ...client, provider: awsDynamodb(provider) });
  }
}
