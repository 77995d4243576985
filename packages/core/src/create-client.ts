import { CofferClient } from './client.js';
import type { CreateClientOptions } from './client-options.js';
import type { ProviderTypes } from './provider-types.js';

/**
 * Makes a caching client over any provider.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }), cache: memoryCache({ ttl: '1m' }) });
 * ```
 */
export function createClient<Types extends ProviderTypes>(options: CreateClientOptions<Types>): CofferClient<Types> {
  return new CofferClient(options);
}
