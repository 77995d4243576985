/**
 * Bundles the Redis cache: `import '@coffer/cache-keyv/redis'` (or `coffer/redis`) makes a
 * bundler carry `keyv` and `@keyv/redis`, which the cache otherwise loads at run time.
 *
 * @example
 * ```ts
 * import 'coffer/redis';
 * process.env.COFFER_CACHE = 'redis://cache:6379';
 * ```
 */
import { provideModule } from '@coffer/core';
import * as keyvRedis from '@keyv/redis';
import * as keyv from 'keyv';

provideModule('keyv', keyv);
provideModule('@keyv/redis', keyvRedis);
