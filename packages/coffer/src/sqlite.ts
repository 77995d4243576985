/**
 * Bundles the SQLite cache into an application bundle (esbuild, webpack, Rollup):
 * `import 'coffer/sqlite'`. Outside a bundle it is not needed: the cache loads its package on
 * first use. See `@coffer/cache-keyv/sqlite`.
 *
 * @example
 * ```ts
 * import 'coffer/sqlite';
 * ```
 */
import '@coffer/cache-keyv/sqlite';
