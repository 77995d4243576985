import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { CallContext } from './provider.js';

type IncomingMessage = Http.IncomingMessage;
let modules: { http: typeof Http; https: typeof Https } | undefined;

/**
 * `node:http` and `node:https`, loaded with the first transport: importing `@coffer/core` alone
 * loads neither them nor TLS (a cold start's cost for every memory-only user).
 */
function httpModules(): { http: typeof Http; https: typeof Https } {
  if (!modules) {
    // `require` exists in the CommonJS build; the ESM build makes one (any base resolves builtins).
    const load = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));
    modules = { http: load('node:http') as typeof Http, https: load('node:https') as typeof Https };
  }
  return modules;
}

/**
 * One answer of an HTTP JSON API: the status and the body when it is a JSON object.
 *
 * @example
 * ```ts
 * const { status, body } = await transport.send(request, context);
 * if (status === 404) throw new SecretNotFoundError('not found', { provider, path });
 * ```
 */
export interface HttpJsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

/**
 * One request an {@link HttpJsonTransport} sends.
 *
 * @example
 * ```ts
 * const request: HttpJsonRequest = { method: 'POST', path: '/v1/x', body: { a: 1 }, idempotent: false };
 * ```
 */
export interface HttpJsonRequest {
  readonly method: string;
  /** The path and query under the endpoint's own path, segments already encoded. */
  readonly path: string;
  /** Headers beside `Accept` and the body's `Content-Type` / `Content-Length`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON when given. */
  readonly body?: unknown;
  /** Retry only what cannot have been applied twice: reads, and writes the server refused. */
  readonly idempotent: boolean;
}

/**
 * What an {@link HttpJsonTransport} talks to, and how it retries and reports failures.
 *
 * @example
 * ```ts
 * const options: HttpJsonTransportOptions = {
 *   endpoint: new URL('http://127.0.0.1:8200'), timeoutMs: 5000, maxAttempts: 3,
 *   retryStatus: new Set([429, 503]), refusedStatus: new Set([429, 503]),
 *   networkError: (code) => new ProviderError(`unreachable (${code})`, { transient: true }),
 * };
 * ```
 */
export interface HttpJsonTransportOptions<R extends HttpJsonRequest = HttpJsonRequest> {
  /** The API's base URL (`http:` or `https:`); request paths are appended to its path. */
  readonly endpoint: URL;
  /** The deadline of one attempt, answer body included. */
  readonly timeoutMs: number;
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  /** PEM CA certificates trusted for `https:` instead of Node's own. @default Node's CA store */
  readonly ca?: string | undefined;
  /** The largest answer body read; a larger one is a network failure (`ETOOBIG`). @default 16 MiB */
  readonly maxBodyBytes?: number;
  /** The statuses that mean "try again later" for an idempotent request. */
  readonly retryStatus: ReadonlySet<number>;
  /** Of those, the ones that say the server did not apply the request: a write retries them. */
  readonly refusedStatus: ReadonlySet<number>;
  /**
   * The error a network failure becomes once it is not retried. `code` is Node's
   * (`ECONNREFUSED`, `ETIMEDOUT`, `CERT_HAS_EXPIRED`, ...); never put a body or header in it.
   */
  networkError(code: string, request: R): Error;
  /** Whether a network failure cannot get better by retrying (an untrusted certificate). @default never */
  isPermanent?(code: string): boolean;
}

/** A network failure: `sent` when the request may have reached the server. */
class NetworkFailure extends Error {
  constructor(
    readonly code: string,
    readonly sent: boolean,
  ) {
    super(`network error ${code}`);
  }
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

/**
 * An HTTP JSON client for providers of REST APIs (Vault, Google Secret Manager): `node:http` /
 * `node:https` with a keep-alive agent (no `fetch`, whose first use costs a cold start about
 * 100 ms), one deadline per attempt, the body included, and jittered retries of transient
 * failures. Every attempt is counted with `context.countApiCall()`. It answers every HTTP status;
 * a network failure becomes the provider's own error through `networkError`, and no response
 * body, header or token ever reaches an error.
 *
 * @example
 * ```ts
 * const transport = new HttpJsonTransport({
 *   endpoint: new URL('https://vault.example.com'), timeoutMs: 5000, maxAttempts: 3,
 *   retryStatus: new Set([429, 500, 502, 503, 504]), refusedStatus: new Set([429, 503]),
 *   networkError: (code) => new ProviderError(`cannot reach the API (${code})`, { transient: true }),
 * });
 * const { status, body } = await transport.send({ method: 'GET', path: '/v1/x', idempotent: true }, context);
 * ```
 */
export class HttpJsonTransport<R extends HttpJsonRequest = HttpJsonRequest> {
  readonly #options: HttpJsonTransportOptions<R>;
  readonly #agent: Http.Agent;

  constructor(options: HttpJsonTransportOptions<R>) {
    this.#options = options;
    const { http, https } = httpModules();
    const agent = { keepAlive: true, maxSockets: 16 };
    this.#agent =
      options.endpoint.protocol === 'https:'
        ? new https.Agent({ ...agent, ...(options.ca ? { ca: options.ca } : {}) })
        : new http.Agent(agent);
  }

  /** Sends a request, retrying transient failures; answers every status, throws on network failure. */
  async send(request: R, context: CallContext): Promise<HttpJsonResponse> {
    const { maxAttempts, retryStatus, refusedStatus } = this.#options;
    for (let attempt = 1; ; attempt++) {
      context.countApiCall();
      try {
        const response = await this.#once(request);
        const retried = request.idempotent ? retryStatus : refusedStatus;
        if (attempt < maxAttempts && retried.has(response.status)) {
          await backOff(attempt);
          continue;
        }
        return response;
      } catch (error) {
        const failure = error instanceof NetworkFailure ? error : new NetworkFailure('EUNKNOWN', true);
        const retryable = !this.#options.isPermanent?.(failure.code) && (request.idempotent || !failure.sent);
        if (attempt < maxAttempts && retryable) {
          await backOff(attempt);
          continue;
        }
        throw this.#options.networkError(failure.code, request);
      }
    }
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  #once(request: R): Promise<HttpJsonResponse> {
    const { endpoint, timeoutMs } = this.#options;
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const send = endpoint.protocol === 'https:' ? httpModules().https.request : httpModules().http.request;
    const base = endpoint.pathname.replace(/\/+$/, '');
    const maxBody = this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return new Promise((resolve, reject) => {
      let sent = false;
      let incoming: IncomingMessage | undefined;
      // One deadline for the whole attempt, body included: a server that drips bytes cannot hold a read.
      const deadline = setTimeout(() => {
        const timeout = new NetworkFailure('ETIMEDOUT', true);
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
          readBody(response, maxBody).then(settle(resolve), settle(reject));
        },
      );
      outgoing.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', () => (sent = true));
        else sent = true;
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const failure = error instanceof NetworkFailure ? error : new NetworkFailure(error.code ?? 'EUNKNOWN', sent);
        settle(reject)(failure);
      });
      outgoing.end(payload);
    });
  }
}

function readBody(response: IncomingMessage, maxBody: number): Promise<HttpJsonResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) response.destroy(new NetworkFailure('ETOOBIG', true));
      else chunks.push(chunk);
    });
    response.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof NetworkFailure ? error : new NetworkFailure(error.code ?? 'ECONNRESET', true)),
    );
    // A connection closed before the end of the body (a cut-off answer).
    response.on('close', () => {
      if (!response.complete) reject(new NetworkFailure('ECONNRESET', true));
    });
    response.on('end', () => {
      const status = response.statusCode ?? 0;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ status, body: undefined });
      try {
        const parsed: unknown = JSON.parse(text);
        const body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
        resolve({ status, body: body as Record<string, unknown> | undefined });
      } catch {
        // A body that is not JSON (a proxy's error page, a cut-off answer) counts as no body.
        resolve({ status: status >= 200 && status < 300 ? 502 : status, body: undefined });
      }
    });
  });
}

/** Full jitter over an exponential cap: 100 ms, 200 ms, ... at most 2 s. */
function backOff(attempt: number): Promise<void> {
  const cap = Math.min(2000, 100 * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * cap) + 10));
}
