/**
 * Bundles YAML support of the `file` provider: `import '@coffer/local/yaml'` (or `coffer/yaml`)
 * makes a bundler carry the `yaml` package, which the provider otherwise loads at run time.
 *
 * @example
 * ```ts
 * import 'coffer/yaml';
 * await get('file', '/db/host', { file: 'secrets.yml' });
 * ```
 */
import { provideModule } from '@coffer/core';
import * as yaml from 'yaml';

provideModule('yaml', yaml);
