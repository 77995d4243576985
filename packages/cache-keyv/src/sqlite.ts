/**
 * Bundles the SQLite cache: `import '@coffer/cache-keyv/sqlite'` (or `coffer/sqlite`) makes a
 * bundler carry `keyv` and `@keyv/sqlite`, which the cache otherwise loads at run time.
 *
 * @example
 * ```ts
 * import 'coffer/sqlite';
 * const cache = keyvCache({ path: '/tmp/coffer.db' });
 * ```
 */
import { provideModule } from '@coffer/core';
import * as keyvSqlite from '@keyv/sqlite';
import * as keyv from 'keyv';

provideModule('keyv', keyv);
provideModule('@keyv/sqlite', keyvSqlite);
