import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type CallContext, ProviderError } from '@coffer/core';

/** One answer of the Secret Manager REST API: the status and the parsed JSON body (if any). */
export interface GcpResponse {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/** What one request sends. */
export interface GcpRequest {
  readonly method: 'GET' | 'POST';
  /** The URL path and query under the endpoint, such as `/v1/projects/p/secrets/db`. */
  readonly path: string;
  readonly token: string;
  readonly body?: unknown;
  /** Retry only what cannot have been applied twice: reads, and writes the server refused. */
  readonly idempotent: boolean;
  /** The coffer path, for error messages. */
  readonly subject: string;
}

/** The transport's settings. */
export interface TransportSettings {
  readonly endpoint: URL;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}

const MAX_BODY = 16 * 1024 * 1024;
// Google's answers that mean "try again later": rate limited, server errors.
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
// Of those, the ones that say the server did not apply the request: a write may retry them.
const REFUSED_STATUS = new Set([429, 503]);

/** A network failure: `sent` when the request may have reached the server. */
class NetworkError extends Error {
  constructor(
    readonly code: string,
    readonly sent: boolean,
  ) {
    super(`network error ${code}`);
  }
}

/**
 * The HTTP client of the provider: `node:http`/`node:https` with a keep-alive agent (no
 * `fetch`, whose first use costs a cold start about 100 ms), one deadline per attempt and
 * jittered retries of transient failures. No response body, header or token reaches an error.
 *
 * @example
 * ```ts
 * const transport = new GcpTransport({ endpoint: new URL('https://secretmanager.googleapis.com'), timeoutMs: 5000, maxAttempts: 3 });
 * ```
 */
export class GcpTransport {
  readonly #settings: TransportSettings;
  readonly #agent: HttpAgent;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
    this.#agent =
      settings.endpoint.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 16 })
        : new HttpAgent({ keepAlive: true, maxSockets: 16 });
  }

  /** Sends a request, retrying transient failures; answers every HTTP status, throws on network failure. */
  async send(request: GcpRequest, context: CallContext): Promise<GcpResponse> {
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
        if (attempt < attempts && (request.idempotent || !network.sent)) {
          await backOff(attempt);
          continue;
        }
        throw new ProviderError(`cannot reach Secret Manager at ${this.#settings.endpoint.origin} (${network.code})`, {
          provider: 'gcp.sm',
          path: request.subject,
          transient: true,
          failure: 'network',
        });
      }
    }
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  #once(request: GcpRequest): Promise<GcpResponse> {
    const { endpoint, timeoutMs } = this.#settings;
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: Record<string, string> = { Authorization: `Bearer ${request.token}`, Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const send = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    const base = endpoint.pathname.replace(/\/+$/, '');
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
          protocol: endpoint.protocol,
          hostname: endpoint.hostname.replace(/^\[|\]$/g, ''),
          port: endpoint.port || undefined,
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

function readBody(response: IncomingMessage): Promise<GcpResponse> {
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
