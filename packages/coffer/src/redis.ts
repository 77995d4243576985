/**
 * Bundles the Redis cache into an application bundle (esbuild, webpack, Rollup):
 * `import 'coffer/redis'`. Outside a bundle it is not needed: the cache loads its package on
 * first use. See `@coffer/cache-keyv/redis`.
 *
 * @example
 * ```ts
 * import 'coffer/redis';
 * ```
 */
import '@coffer/cache-keyv/redis';
