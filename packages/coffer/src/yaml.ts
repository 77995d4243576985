/**
 * Bundles YAML support of the `file` provider into an application bundle (esbuild, webpack,
 * Rollup): `import 'coffer/yaml'`. Outside a bundle it is not needed: the provider loads `yaml`
 * on first use. See `@coffer/local/yaml`.
 *
 * @example
 * ```ts
 * import 'coffer/yaml';
 * ```
 */
import '@coffer/local/yaml';
