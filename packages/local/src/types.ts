import type { EnvProviderOptions } from './env-provider.js';
import type { FileProviderOptions } from './file-provider.js';

/**
 * The option types of the `env` provider, registered in `CofferProviders`.
 * @example
 * ```ts
 * configure('env', { prefix: 'APP_' });
 * ```
 */
export interface EnvTypes {
  configure: EnvProviderOptions;
}

/**
 * The option types of the `file` provider, registered in `CofferProviders`.
 * @example
 * ```ts
 * configure('file', { file: './secrets.yml' });
 * ```
 */
export interface FileTypes {
  configure: FileProviderOptions;
}

declare module '@coffer/core' {
  interface CofferProviders {
    env: EnvTypes;
    file: FileTypes;
  }
}
