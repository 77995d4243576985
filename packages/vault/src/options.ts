/**
 * AppRole credentials: the provider logs in through `auth/<mount>/login` and logs in again when
 * its token expires or is revoked.
 *
 * @example
 * ```ts
 * const appRole: AppRoleLogin = { roleId: process.env.ROLE_ID!, secretId: process.env.SECRET_ID! };
 * ```
 */
export interface AppRoleLogin {
  /** The role's `role_id`. */
  roleId: string;
  /** The `secret_id` issued for the role. */
  secretId: string;
  /**
   * Where the AppRole auth method is mounted.
   * @default 'approle'
   */
  mount?: string;
}

/**
 * The settings of the `vault` provider besides how it authenticates; see {@link VaultOptions}.
 *
 * @example
 * ```ts
 * const settings: VaultSettingsOptions = { address: 'https://vault.internal:8200', mount: 'kv' };
 * ```
 */
export interface VaultSettingsOptions {
  /**
   * The server, such as `https://vault.internal:8200`.
   * @default process.env.VAULT_ADDR, else 'https://127.0.0.1:8200' (the vault CLI's default)
   */
  address?: string;
  /**
   * The Vault Enterprise / OpenBao namespace, sent as `X-Vault-Namespace`.
   * @default process.env.VAULT_NAMESPACE
   */
  namespace?: string;
  /**
   * The PEM file of the CA that signs the server's certificate.
   * @default process.env.VAULT_CACERT
   */
  caCert?: string;
  /**
   * Where the KV secrets engine is mounted. Paths are relative to it.
   * @default 'secret'
   */
  mount?: string;
  /**
   * The KV version of the mount, 1 or 2.
   * @default read from the server (`sys/internal/ui/mounts/<mount>`), else 2
   */
  kvVersion?: 1 | 2;
  /**
   * Milliseconds one HTTP attempt may take.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Total attempts of a request that fails for a transient reason (network, 429, 5xx, sealed).
   * @default 3
   */
  maxAttempts?: number;
  /**
   * How many secrets `getByPath` reads at once.
   * @default 8
   */
  listConcurrency?: number;
  /**
   * Revoke the leases of dynamic secrets still held (`sys/leases/revoke`) when the client
   * closes, so that their credentials stop working at once.
   * @default false
   */
  revokeLeasesOnClose?: boolean;
}

/**
 * How the provider authenticates: a token (given, else `VAULT_TOKEN`, else ~/.vault-token), or
 * AppRole. Both at once does not compile.
 *
 * @example
 * ```ts
 * const byRole: VaultAuthOptions = { appRole: { roleId, secretId } };
 * ```
 */
export type VaultAuthOptions =
  | {
      /**
       * The token to send.
       * @default process.env.VAULT_TOKEN, else the contents of ~/.vault-token
       */
      token?: string;
      appRole?: never;
    }
  | {
      /** Log in with AppRole instead of a token. */
      appRole: AppRoleLogin;
      token?: never;
    };

/**
 * Options of the `vault` provider. Each unset setting is read as the `vault` CLI reads it.
 *
 * @example
 * ```ts
 * const options: VaultOptions = { address: 'https://vault.internal:8200', mount: 'kv', namespace: 'team-a' };
 * ```
 */
export type VaultOptions = VaultSettingsOptions & VaultAuthOptions;
