import type { VaultOptions } from './options.js';

/**
 * The options of a KV read.
 * @example
 * ```ts
 * const read: VaultKvRead = { version: 3, unwrap: false };
 * ```
 */
export interface VaultKvRead {
  /** A KV v2 version to read. @default the current one */
  version?: number;
  /**
   * Give a secret written from text (a single `value` field) back as that text.
   * @default true
   */
  unwrap?: boolean;
  /** @default false */
  logical?: false;
  data?: never;
}

/**
 * The options of a read of any engine's path (a dynamic secret, whose lease the provider keeps).
 * @example
 * ```ts
 * const issue: VaultLogicalRead = { logical: true, data: { common_name: 'web.internal' } };
 * ```
 */
export interface VaultLogicalRead {
  /** Read the path relative to `/v1/` (`database/creds/app`), not under the KV mount. */
  logical: true;
  /**
   * The fields to send, as a write (`pki/issue/web` with `{ common_name }`).
   * @default undefined (a read)
   */
  data?: Record<string, string | number | boolean>;
  /** @default true */
  unwrap?: boolean;
  version?: never;
}

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
  get: VaultKvRead | VaultLogicalRead;
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
