import { type CallContext, type HttpJsonRequest, type HttpJsonResponse, HttpJsonTransport, ProviderError } from '@coffer/core';

/** One answer of the Secret Manager REST API: the status and the parsed JSON body (if any). */
export type GcpResponse = HttpJsonResponse;

/** What one request sends. */
export interface GcpRequest extends HttpJsonRequest {
  readonly method: 'GET' | 'POST';
  /** The URL path and query under the endpoint, such as `/v1/projects/p/secrets/db`. */
  readonly path: string;
  readonly token: string;
  /** The coffer path, for error messages. */
  readonly subject: string;
}

/** The transport's settings. */
export interface TransportSettings {
  readonly endpoint: URL;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
}

// Google's answers that mean "try again later": rate limited, server errors.
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
// Of those, the ones that say the server did not apply the request: a write may retry them.
const REFUSED_STATUS = new Set([429, 503]);

/**
 * The HTTP client of the provider: core's {@link HttpJsonTransport} with a bearer token,
 * Google's retryable statuses and the provider's network error.
 *
 * @example
 * ```ts
 * const endpoint = new URL('https://secretmanager.googleapis.com');
 * const transport = new GcpTransport({ endpoint, timeoutMs: 5000, maxAttempts: 3 });
 * ```
 */
export class GcpTransport {
  readonly #http: HttpJsonTransport<GcpRequest>;

  constructor(settings: TransportSettings) {
    const origin = settings.endpoint.origin;
    this.#http = new HttpJsonTransport<GcpRequest>({
      ...settings,
      retryStatus: RETRY_STATUS,
      refusedStatus: REFUSED_STATUS,
      networkError: (code, request) =>
        new ProviderError(`cannot reach Secret Manager at ${origin} (${code})`, {
          provider: 'gcp.sm',
          path: request.subject,
          transient: true,
          failure: 'network',
        }),
    });
  }

  /** Sends a request, retrying transient failures; answers every HTTP status, throws on network failure. */
  send(request: GcpRequest, context: CallContext): Promise<GcpResponse> {
    return this.#http.send({ ...request, headers: { Authorization: `Bearer ${request.token}` } }, context);
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.#http.close();
  }
}
