import { type ClientOptions, CofferClient, splitClientOptions } from '@coffer/core';
import { type AwsPsOptions, awsPs } from './aws-ps.js';
import type { AwsPsTypes } from './types.js';

/**
 * Options of {@link ParameterStore}: the provider's ({@link AwsPsOptions}) and the client's (cache, ttl, ...).
 *
 * @example
 * ```ts
 * const options: ParameterStoreOptions = { region: 'eu-west-1', ttl: '5m', staleIfError: '1h' };
 * ```
 */
export interface ParameterStoreOptions extends AwsPsOptions, ClientOptions {}

/**
 * A caching client over AWS SSM Parameter Store: `get`, `getByPath`, `pathExists`, `update`,
 * `refresh`, `clear`, `stats`.
 *
 * @example
 * ```ts
 * const ps = new ParameterStore({ region: 'eu-west-1', cache: memoryCache({ ttl: '5m' }) });
 * const host = await ps.get<string>('/prod/db/host');
 * const app = await ps.getByPath('/prod/app', { recursive: false });
 * ```
 */
export class ParameterStore extends CofferClient<AwsPsTypes> {
  constructor(options: ParameterStoreOptions = {}) {
    const { client, provider } = splitClientOptions(options);
    super({ ...client, provider: awsPs(provider) });
  }
}
