import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type CallContext, ProviderError } from '@coffer/core';
import type { VaultSettings } from './settings.js';

/** One answer of the Vault HTTP API: the status and the parsed JSON body (if any). */
export interface VaultResponse {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/** What one request sends. */
export interface VaultRequest {
  readonly method: 'GET' | 'POST' | 'LIST' | 'PUT';
  /** From {@link apiPath}: `/v1/...`, segments encoded. */
  readonly path: string;
  readonly token?: string;
  readonly body?: unknown;
  /** Retry only what cannot have been applied twice: reads, and writes the server refused. */
  readonly idempotent: boolean;
  /** The coffer path, for error messages. */
  readonly subject?: string;
}

const MAX_BODY = 8 * 1024 * 1024;
// TLS verification failures (Node's codes): not transient.
const UNTRUSTED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;
// Answers that mean "try again later": rate limited, sealed or standby, server errors.
const RETRY_STATUS = new Set([412, 429, 500, 502, 503, 504]);
// Of those, the ones that say the server did not apply the request: a write may retry them.
const REFUSED_STATUS = new Set([412, 429, 503]);

/** A network failure: the request may not have reached the server. */
class NetworkError extends Error {
  constructor(
    readonly code: string,
    readonly sent: boolean,
  ) {
    super(`network error ${code}`);
  }
}

/**
 * The HTTP client of the provider: `node:http`/`node:https` with a keep-alive agent, a deadline
 * per attempt and jittered retries of transient failures. It never puts a response body or a
 * header into an error; the token lives only in the outgoing header.
 */
export class VaultTransport {
  readonly #settings: VaultSettings;
  readonly #agent: HttpAgent;

  constructor(settings: VaultSettings) {
    this.#settings = settings;
    this.#agent =
      settings.address.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 16, ...(settings.ca ? { ca: settings.ca } : {}) })
        : new HttpAgent({ keepAlive: true, maxSockets: 16 });
  }

  /** Sends a request, retrying transient failures; answers every HTTP status, throws on network failure. */
  async send(request: VaultRequest, context: CallContext): Promise<VaultResponse> {
    const attempts = this.#settings.maxAttempts;
    for (let attempt = 1; ; attempt++) {
      context.countApiCall();
      try {
        const response = await this.#once(request);
        if (attempt < attempts && (request.idempotent ? RETRY_STATUS : REFUSED_STATUS).has(response.status)) {
          await backOff(attempt);
          continue;
        }
        return response;
      } catch (error) {
        const network = error instanceof NetworkError ? error : new NetworkError('EUNKNOWN', true);
        if (UNTRUSTED.test(network.code)) {
          // Retrying cannot make a certificate trusted: say what to give instead.
          throw new ProviderError(
            `the certificate of ${this.#settings.address.origin} is not trusted (${network.code}): give caCert or VAULT_CACERT`,
            {
              provider: 'vault',
              ...(request.subject === undefined ? {} : { path: request.subject }),
              transient: false,
            },
          );
        }
        if (attempt < attempts && (request.idempotent || !network.sent)) {
          await backOff(attempt);
          continue;
        }
        throw new ProviderError(`cannot reach Vault at ${this.#settings.address.origin} (${network.code})`, {
          provider: 'vault',
          ...(request.subject === undefined ? {} : { path: request.subject }),
          transient: true,
        });
      }
    }
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  #once(request: VaultRequest): Promise<VaultResponse> {
    const { address, namespace, timeoutMs } = this.#settings;
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: Record<string, string> = { 'X-Vault-Request': 'true', Accept: 'application/json' };
    if (request.token) headers['X-Vault-Token'] = request.token;
    if (namespace) headers['X-Vault-Namespace'] = namespace;
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const send = address.protocol === 'https:' ? httpsRequest : httpRequest;
    const base = address.pathname.replace(/\/+$/, '');
    return new Promise((resolve, reject) => {
      let sent = false;
      let incoming: IncomingMessage | undefined;
      // One deadline for the whole attempt, body included: a server that drips bytes cannot hold a read.
      const deadline = setTimeout(() => {
        const timeout = new NetworkError('ETIMEDOUT', true);
        incoming?.destroy(timeout);
        outgoing.destroy(timeout);
        reject(timeout);
      }, timeoutMs);
      const settle =
        <T>(then: (value: T) => void) =>
        (value: T) => {
          clearTimeout(deadline);
          then(value);
        };
      const outgoing = send(
        {
          protocol: address.protocol,
          hostname: address.hostname.replace(/^\[|\]$/g, ''),
          port: address.port || undefined,
          path: `${base}${request.path}`,
          method: request.method,
          headers,
          agent: this.#agent,
        },
        (response) => {
          incoming = response;
          readBody(response).then(settle(resolve), settle(reject));
        },
      );
      outgoing.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => (sent = true));
        else sent = true;
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        settle(reject)(error instanceof NetworkError ? error : new NetworkError(error.code ?? 'EUNKNOWN', sent));
      });
      outgoing.end(payload);
    });
  }
}

function readBody(response: IncomingMessage): Promise<VaultResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) response.destroy(new NetworkError('ETOOBIG', true));
      else chunks.push(chunk);
    });
    response.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof NetworkError ? error : new NetworkError(error.code ?? 'ECONNRESET', true)),
    );
    // A connection closed before the end of the body (a cut-off answer).
    response.on('close', () => {
      if (!response.complete) reject(new NetworkError('ECONNRESET', true));
    });
    response.on('end', () => {
      const status = response.statusCode ?? 0;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ status, body: undefined });
      try {
        const parsed: unknown = JSON.parse(text);
        resolve({
          status,
          body: parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined,
        });
      } catch {
        // A body that is not JSON (a proxy's error page, a cut-off answer) counts as no body.
        resolve({ status: status >= 200 && status < 300 ? 502 : status, body: undefined });
      }
    });
  });
}

function backOff(attempt: number): Promise<void> {
  const cap = Math.min(2000, 100 * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * cap) + 10));
}
