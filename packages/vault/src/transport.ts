import { type CallContext, type HttpJsonRequest, type HttpJsonResponse, HttpJsonTransport, ProviderError } from '@coffer/core';
import type { VaultSettings } from './settings.js';

/** One answer of the Vault HTTP API: the status and the parsed JSON body (if any). */
export type VaultResponse = HttpJsonResponse;

/** What one request sends. */
export interface VaultRequest extends HttpJsonRequest {
  readonly method: 'GET' | 'POST' | 'LIST' | 'PUT';
  /** From {@link apiPath}: `/v1/...`, segments encoded. */
  readonly path: string;
  readonly token?: string;
  /** The coffer path, for error messages. */
  readonly subject?: string;
}

// TLS verification failures (Node's codes): not transient.
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;
// Answers that mean "try again later": rate limited, sealed or standby, server errors.
const RETRY_STATUS = new Set([412, 429, 500, 502, 503, 504]);
// Of those, the ones that say the server did not apply the request: a write may retry them.
const REFUSED_STATUS = new Set([412, 429, 503]);

/**
 * The HTTP client of the provider: core's {@link HttpJsonTransport} with Vault's headers, the
 * statuses Vault answers when sealed or standby, and its errors. The token lives only in the
 * outgoing header.
 *
 * @example
 * ```ts
 * const transport = new VaultTransport(settings);
 * const request = { method: 'GET', path: '/v1/secret/data/app', token, idempotent: true } as const;
 * const response = await transport.send(request, context);
 * ```
 */
export class VaultTransport {
  readonly #http: HttpJsonTransport<VaultRequest>;
  readonly #namespace: string | undefined;

  constructor(settings: VaultSettings) {
    const origin = settings.address.origin;
    this.#namespace = settings.namespace;
    this.#http = new HttpJsonTransport<VaultRequest>({
      endpoint: settings.address,
      timeoutMs: settings.timeoutMs,
      maxAttempts: settings.maxAttempts,
      ca: settings.ca,
      maxBodyBytes: 8 * 1024 * 1024,
      retryStatus: RETRY_STATUS,
      refusedStatus: REFUSED_STATUS,
      // Retrying cannot make a certificate trusted.
      isPermanent: (code) => UNTRUSTED.test(code),
      networkError: (code, request) => {
        const path = request.subject === undefined ? {} : { path: request.subject };
        if (UNTRUSTED.test(code)) {
          const message = `the certificate of ${origin} is not trusted (${code}): give caCert or VAULT_CACERT`;
          return new ProviderError(message, { provider: 'vault', ...path, transient: false });
        }
        const message = `cannot reach Vault at ${origin} (${code})`;
        return new ProviderError(message, { provider: 'vault', ...path, transient: true });
      },
    });
  }

  /** Sends a request, retrying transient failures; answers every HTTP status, throws on network failure. */
  send(request: VaultRequest, context: CallContext): Promise<VaultResponse> {
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (request.token) headers['X-Vault-Token'] = request.token;
    if (this.#namespace) headers['X-Vault-Namespace'] = this.#namespace;
    return this.#http.send({ ...request, headers }, context);
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.#http.close();
  }
}
