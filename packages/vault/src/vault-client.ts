import { type ClientOptions, CofferClient, splitClientOptions } from '@coffer/core';
import type { VaultOptions } from './options.js';
import { vault } from './vault-provider.js';

import type { VaultTypes } from './types.js';

/**
 * Options of {@link Vault}: the provider's ({@link VaultOptions}) and the client's (cache, ttl, ...).
 *
 * @example
 * ```ts
 * const options: VaultClientOptions = { address: 'http://127.0.0.1:8200', mount: 'kv', ttl: '5m' };
 * ```
 */
export type VaultClientOptions = VaultOptions & ClientOptions;

/**
 * A caching client over HashiCorp Vault or OpenBao KV: `get`, `getByPath`, `pathExists`,
 * `update`, `refresh`, `clear`, `stats`, as `ParameterStore` and `SecretsManager` have.
 *
 * @example
 * ```ts
 * const secrets = new Vault({ address: 'https://vault.internal:8200', appRole: { roleId, secretId } });
 * const password = await secrets.get<string>('app/db', { keypath: ['password'] });
 * ```
 */
export class Vault extends CofferClient<VaultTypes> {
  constructor(options: VaultClientOptions = {}) {
    const { client, provider } = splitClientOptions(options);
    // Omit<> over the token | appRole union loses which side it is; the options were that union.
    super({ ...client, provider: vault(provider as VaultOptions) });
  }
}
