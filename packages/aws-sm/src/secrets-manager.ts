import { type ClientOptions, CofferClient, splitClientOptions } from '@coffer/core';
import { type AwsSmOptions, awsSm } from './aws-sm.js';
import type { AwsSmTypes } from './types.js';

/**
 * Options of {@link SecretsManager}: the provider's ({@link AwsSmOptions}) and the client's (cache, ttl, ...).
 *
 * @example
 * ```ts
 * const options: SecretsManagerOptions = { region: 'eu-west-1', cache: false };
 * ```
 */
export interface SecretsManagerOptions extends AwsSmOptions, ClientOptions {}

/**
 * A caching client over AWS Secrets Manager: `get`, `getByPath`, `pathExists`, `update`,
 * `refresh`, `clear`, `stats`.
 *
 * @example
 * ```ts
 * const sm = new SecretsManager({ region: 'eu-west-1' });
 * const password = await sm.get<string>('prod/databases/mysql/bigdb/root', { keypath: ['password'] });
 * ```
 */
export class SecretsManager extends CofferClient<AwsSmTypes> {
  constructor(options: SecretsManagerOptions = {}) {
    const { client, provider } = splitClientOptions(options);
    super({ ...client, provider: awsSm(provider) });
  }
}
