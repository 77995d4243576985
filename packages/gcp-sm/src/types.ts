import type { GcpSmOptions } from './options.js';

/**
 * The option types of the `gcp.sm` provider, registered in `CofferProviders`.
 * @example
 * ```ts
 * await get('gcp.sm', 'db', { version: 3, keypath: ['password'] });
 * await update('gcp.sm', 'db', { password: 'new' }, { create: true });
 * ```
 */
export interface GcpSmTypes {
  configure: GcpSmOptions;
  get: {
    /** The version to read: its number, or `'latest'` (the newest enabled one). @default 'latest' */
    version?: number | 'latest';
  };
  list: {};
  exists: {
    /** The version whose existence to check. @default 'latest' */
    version?: number | 'latest';
  };
  update: {
    /**
     * Labels of a secret that `{ create: true }` creates (ignored for an existing secret).
     * @default {}
     */
    labels?: Readonly<Record<string, string>>;
  };
}

declare module '@coffer/core' {
  interface CofferProviders {
    'gcp.sm': GcpSmTypes;
  }
}
