import type { VaultOptions } from './options.js';

/**
 * The option types of the `vault` provider, registered in `CofferProviders`.
 * @example
 * ```ts
 * await get('vault', 'app/db', { version: 3, keypath: ['password'] });
 * await update('vault', 'app/db', { password: 'new' }, { cas: 3 });
 * ```
 */
export interface VaultTypes {
  configure: VaultOptions;
  get: {
    /** A KV v2 version to read. @default the current one */
    version?: number;
    /**
     * Give a secret written from text (a single `value` field) back as that text.
     * @default true
     */
    unwrap?: boolean;
    /**
     * Read the path from any secrets engine, relative to `/v1/` (`database/creds/app`), not
     * from the KV mount: dynamic secrets, whose leases the provider renews.
     * @default false
     */
    logical?: boolean;
    /**
     * With `logical`: the fields to send, as a write (`pki/issue/web` with `{ common_name }`).
     * @default undefined (a read)
     */
    data?: Record<string, string | number | boolean>;
  };
  list: {
    /** @default true */
    unwrap?: boolean;
  };
  exists: {};
  update: {
    /** Check-and-set: write only if the current version is this one (0: only if it does not exist). */
    cas?: number;
  };
}

declare module '@coffer/core' {
  interface CofferProviders {
    vault: VaultTypes;
  }
}
