import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientOptions, type CofferClient, createClient, type Provider, type RuntimeProviderTypes } from '@coffer/core';
import type { PendingRequests } from './pending-requests.js';
import { serveProvider } from './serve-provider.js';
import { type Answered, ServeResponder } from './serve-responder.js';

/**
 * What serves one route: a caching client over a {@link serveProvider}, and whether its
 * provider takes `decrypt`.
 *
 * @example
 * ```ts
 * const backend: ServeBackend = serveBackend(awsSm(), { ttl: '5m' });
 * ```
 */
export interface ServeBackend {
  readonly client: CofferClient<RuntimeProviderTypes>;
  readonly takesDecrypt: boolean;
  /** How many reads the provider takes in one call: a cold burst is gathered in multiples of it. */
  readonly batchSize?: number;
}

/**
 * Makes the {@link ServeBackend} of a provider: coffer's client (cache, single flight,
 * micro-batching, stale-if-error) over it.
 *
 * @example
 * ```ts
 * const secrets = serveBackend(awsSm({ region: 'eu-west-1' }), { staleIfError: '1h' });
 * ```
 */
export function serveBackend(provider: Provider, options: ClientOptions = {}): ServeBackend {
  const client = createClient({ ...options, provider: serveProvider(provider) }) as CofferClient<RuntimeProviderTypes>;
  return { client, takesDecrypt: Boolean(provider.options?.get?.decrypt), batchSize: provider.maxBatchSize ?? 1 };
}

/**
 * The backends behind the two routes; a missing one makes its route 404.
 *
 * @example
 * ```ts
 * const backends: ServeBackends = { secrets: serveBackend(awsSm()), parameters: serveBackend(awsPs()) };
 * ```
 */
export interface ServeBackends {
  /** Serves `/secretsmanager/get` and `/v1/<id>`. */
  readonly secrets?: ServeBackend;
  /** Serves `/systemsmanager/parameters/get`. */
  readonly parameters?: ServeBackend;
}

const FAILURE = '{"__type":"InternalFailure"}';
const TOKEN_HEADERS = ['x-aws-parameters-secrets-token', 'x-vault-token'];

/** Whether a header Node parsed (as latin1 text) is the token, compared in constant time. */
function sameToken(given: string | string[] | undefined, token: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const bytes = Buffer.from(given, 'latin1');
  return bytes.length === token.length && timingSafeEqual(bytes, token);
}

/**
 * Options of {@link serveHandler}.
 * @example
 * ```ts
 * serveHandler(backends, token, { log: console.log, gather: { quietMs: 5, maxMs: 50 } });
 * ```
 */
export interface ServeHandlerOptions {
  /** Gets one line per request: method, route and status, never a query or a value. @default no log */
  readonly log?: (line: string) => void;
  /**
   * The gathering window of reads not asked before (see `ServeOptions.batchWindow`): they go
   * out together once none has come for `quietMs`, at most `maxMs` after the first.
   * @default { quietMs: 5, maxMs: 50 }
   */
  readonly gather?: { readonly quietMs: number; readonly maxMs: number };
  /** The server's connections still to send a request: the window waits for them. @default none counted */
  readonly pending?: PendingRequests;
}

/**
 * The request handler of `coffer serve`, checking in the agent's order: outside `/ping`, an
 * `X-Forwarded-For` header is 400 and a missing or wrong token 403 (`X-Aws-Parameters-Secrets-Token`
 * or `X-Vault-Token`, compared in constant time); then anything but GET is 405; then the routes.
 * `log` gets one line per request: method, route and status, never a query or a value.
 *
 * @example
 * ```ts
 * createServer(serveHandler({ secrets }, 'token', console.log)).listen(2773, '127.0.0.1');
 * ```
 */
export function serveHandler(
  backends: ServeBackends,
  token: string,
  optionsOrLog: ServeHandlerOptions | ((line: string) => void) = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const options = typeof optionsOrLog === 'function' ? { log: optionsOrLog } : optionsOrLog;
  const responder = new ServeResponder(backends, {
    gather: options.gather ?? { quietMs: 5, maxMs: 50 },
    ...(options.pending ? { pending: options.pending } : {}),
  });
  return nodeHandler(responder, Buffer.from(token, 'utf8'), options.log ?? (() => undefined), options.pending);
}

/** The Node `http` handler over a {@link ServeResponder}. */
export function nodeHandler(
  responder: ServeResponder,
  expected: Buffer,
  log: (line: string) => void,
  pending?: PendingRequests,
): (request: IncomingMessage, response: ServerResponse) => void {
  const send = (request: IncomingMessage, response: ServerResponse, { answer, route }: Answered) => {
    log(`${request.method ?? '-'} ${route} ${answer.status}`);
    const type = answer.json ? 'application/json' : 'text/plain; charset=utf-8';
    // A length, not chunks: the headers are made before the body is given.
    response.writeHead(answer.status, { 'content-type': type, 'content-length': Buffer.byteLength(answer.body) });
    response.end(answer.body);
  };
  const failed = (response: ServerResponse) => {
    response.writeHead(500, { 'content-type': 'application/json', 'content-length': FAILURE.length });
    response.end(FAILURE);
  };
  return (request, response) => {
    pending?.arrived(request.socket);
    // The body of a GET is not read; anything sent is drained so that the socket can be reused.
    request.resume();
    const { headers } = request;
    let answered: Answered | Promise<Answered>;
    try {
      answered = responder.answer({
        method: request.method ?? '',
        target: request.url ?? '/',
        forwarded: headers['x-forwarded-for'] !== undefined,
        authorized: TOKEN_HEADERS.some((header) => sameToken(headers[header], expected)),
      });
    } catch {
      return failed(response);
    }
    if (answered instanceof Promise)
      answered
        .then(
          (done) => send(request, response, done),
          () => failed(response),
        )
        // Nothing of one request may end the process: a response that cannot be written is dropped.
        .catch(() => response.destroy());
    else send(request, response, answered);
  };
}
