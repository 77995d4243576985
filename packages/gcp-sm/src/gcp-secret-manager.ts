import { type ClientOptions, CofferClient, splitClientOptions } from '@coffer/core';
import { gcpSm } from './gcp-sm-provider.js';
import type { GcpSmOptions } from './options.js';
import type { GcpSmTypes } from './types.js';

/**
 * Options of {@link GcpSecretManager}: the provider's ({@link GcpSmOptions}) and the client's
 * (cache, ttl, ...).
 *
 * @example
 * ```ts
 * const options: GcpSecretManagerOptions = { project: 'my-project', ttl: '5m' };
 * ```
 */
export type GcpSecretManagerOptions = GcpSmOptions & ClientOptions;

/**
 * A caching client over Google Cloud Secret Manager: `get`, `getByPath`, `pathExists`,
 * `update`, `refresh`, `clear`, `stats`, as `SecretsManager` has for AWS.
 *
 * @example
 * ```ts
 * const secrets = new GcpSecretManager({ project: 'my-project' });
 * const password = await secrets.get<string>('db', { keypath: ['password'] });
 * ```
 */
export class GcpSecretManager extends CofferClient<GcpSmTypes> {
  constructor(options: GcpSecretManagerOptions = {}) {
    const { client, provider } = splitClientOptions(options);
    super({ ...client, provider: gcpSm(provider) });
  }
}
