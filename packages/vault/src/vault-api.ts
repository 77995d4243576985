import type { CallContext } from '@coffer/core';
import { VaultSession } from './session.js';
import type { VaultSettings } from './settings.js';
import { type VaultRequest, type VaultResponse, VaultTransport } from './transport.js';

/**
 * Authenticated requests: the session's token on each, and one more try with a fresh login when
 * an AppRole token is refused with 403 (revoked or expired). A second 403 is the answer.
 */
export class VaultApi {
  readonly #transport: VaultTransport;
  readonly #session: VaultSession;

  constructor(settings: VaultSettings) {
    this.#transport = new VaultTransport(settings);
    this.#session = new VaultSession(settings, this.#transport);
  }

  /** Sends `request` with the current token. */
  async call(request: Omit<VaultRequest, 'token'>, context: CallContext): Promise<VaultResponse> {
    const token = await this.#session.token(context);
    const response = await this.#transport.send({ ...request, token }, context);
    if (response.status !== 403 || !(await this.#session.recover(token, context))) return response;
    return this.#transport.send({ ...request, token: await this.#session.token(context) }, context);
  }

  /** Closes idle sockets. */
  close(): void {
    this.#transport.close();
  }
}
