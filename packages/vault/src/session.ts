import { type CallContext, ProviderError } from '@coffer/core';
import { damaged, failure } from './errors.js';
import { apiPath } from './paths.js';
import type { VaultSettings } from './settings.js';
import type { VaultResponse, VaultTransport } from './transport.js';

interface Lease {
  readonly token: string;
  /** When the token stops working (`Infinity` for a token without a ttl). */
  readonly expiresAt: number;
  /** When to renew it: two thirds into its ttl. */
  readonly renewAt: number;
  readonly renewable: boolean;
}

/**
 * The provider's token. A given token (option, `VAULT_TOKEN`, ~/.vault-token) is used as is.
 * With AppRole the session logs in, renews the token two thirds into its ttl, and logs in again
 * when renewal fails, when the token has expired, or when a request is refused with 403 (a
 * revoked token looks exactly like that). Logins are single-flight.
 */
export class VaultSession {
  readonly #settings: VaultSettings;
  readonly #transport: VaultTransport;
  #lease: Lease | undefined;
  #pending: Promise<Lease> | undefined;

  constructor(settings: VaultSettings, transport: VaultTransport) {
    this.#settings = settings;
    this.#transport = transport;
  }

  /** The token to send now, logging in or renewing first when due. */
  async token(context: CallContext): Promise<string> {
    const { auth } = this.#settings;
    if (auth.kind === 'token') return auth.token();
    const lease = this.#lease;
    const now = Date.now();
    if (lease && now < lease.renewAt) return lease.token;
    this.#pending ??= (lease && now < lease.expiresAt && lease.renewable ? this.#renew(lease, context) : this.#login(context)).finally(
      () => {
        this.#pending = undefined;
      },
    );
    return (await this.#pending).token;
  }

  /**
   * After a 403 answered to `used`: drops that token and logs in again. Whether the request is
   * worth one more try (only with AppRole; a given token cannot be replaced).
   */
  async recover(used: string, context: CallContext): Promise<boolean> {
    if (this.#settings.auth.kind === 'token') return false;
    if (this.#lease?.token === used) this.#lease = undefined;
    const fresh = await this.token(context);
    return fresh !== used;
  }

  async #login(context: CallContext): Promise<Lease> {
    const { auth } = this.#settings;
    if (auth.kind !== 'appRole') throw new Error('unreachable: login without AppRole');
    const response = await this.#transport.send(
      {
        method: 'POST',
        path: apiPath('auth', auth.login.mount, 'login'),
        body: { role_id: auth.login.roleId, secret_id: auth.login.secretId },
        idempotent: true,
      },
      context,
    );
    if (response.status >= 400 && response.status < 500) {
      throw new ProviderError(`AppRole login refused with ${response.status}: check roleId, secretId and the auth mount`, {
        provider: 'vault',
        transient: false,
      });
    }
    return this.#keep(response, 'auth/login');
  }

  async #renew(lease: Lease, context: CallContext): Promise<Lease> {
    const response = await this.#transport.send(
      { method: 'POST', path: apiPath('auth', 'token', 'renew-self'), token: lease.token, body: {}, idempotent: true },
      context,
    );
    if (response.status === 200) return this.#keep(response, 'auth/token/renew-self');
    return this.#login(context);
  }

  #keep(response: VaultResponse, route: string): Lease {
    if (response.status !== 200) throw failure(response, undefined);
    const auth = response.body?.auth as { client_token?: unknown; lease_duration?: unknown; renewable?: unknown } | undefined;
    if (typeof auth?.client_token !== 'string' || auth.client_token === '') throw damaged(route);
    const ttlMs = typeof auth.lease_duration === 'number' && auth.lease_duration > 0 ? auth.lease_duration * 1000 : Infinity;
    const now = Date.now();
    this.#lease = {
      token: auth.client_token,
      expiresAt: now + ttlMs,
      renewAt: now + (ttlMs * 2) / 3,
      renewable: auth.renewable === true,
    };
    return this.#lease;
  }
}
