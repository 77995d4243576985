import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientOptions, type CofferClient, createClient, type Provider, type RuntimeProviderTypes } from '@coffer/core';
import { parameterBody, secretBody } from './answer-body.js';
import type { PendingRequests } from './pending-requests.js';
import { AnswerMemo } from './answer-memo.js';
import { errorAnswer, type ServeAnswer } from './serve-errors.js';
import { ServeGather } from './serve-gather.js';
import { parseServeRequest, type ServeRequest } from './serve-request.js';
import { typedProvider, unwrap } from './typed-provider.js';

/**
 * What serves one route: a caching client over a {@link typedProvider}, and whether its
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
  const client = createClient({ ...options, provider: typedProvider(provider) }) as CofferClient<RuntimeProviderTypes>;
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

const TOKEN_HEADERS = ['x-aws-parameters-secrets-token', 'x-vault-token'];

function sameToken(given: string | string[] | undefined, token: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const bytes = Buffer.from(given, 'utf8');
  return bytes.length === token.length && timingSafeEqual(bytes, token);
}

const plain = (status: number, body: string): ServeAnswer => ({ status, body, json: false });

/** The read of a request, with the options coffer's client takes for it. */
function readOf(backend: ServeBackend, request: SecretRequest | ParameterRequest): Promise<unknown> {
  if (request.route === 'secret') {
    const { secretId, versionId, versionStage, refreshNow } = request;
    return backend.client.get(secretId, {
      decode: 'raw',
      forceFetch: refreshNow,
      ...(versionId === undefined ? {} : { versionId }),
      ...(versionStage === undefined ? {} : { versionStage }),
    });
  }
  const { name, withDecryption, version, label, refreshNow } = request;
  const options: Record<string, unknown> = { decode: 'raw', forceFetch: refreshNow };
  if (backend.takesDecrypt) options.decrypt = withDecryption;
  if (version !== undefined) options.version = /^\d{1,10}$/.test(version) ? Number(version) : version;
  if (label !== undefined) options.label = label;
  return backend.client.get(name, options);
}

type SecretRequest = Extract<ServeRequest, { route: 'secret' }>;
type ParameterRequest = Extract<ServeRequest, { route: 'parameter' }>;

/**
 * Options of {@link serveHandler}.
 * @example
 * ```ts
 * serveHandler(backends, token, { log: console.log, gather: { quietMs: 2, maxMs: 10 } });
 * ```
 */
export interface ServeHandlerOptions {
  /** Gets one line per request: method, route and status, never a query or a value. @default no log */
  readonly log?: (line: string) => void;
  /**
   * The gathering window of reads not asked before (see `ServeOptions.batchWindow`): they go
   * out together once none has come for `quietMs`, at most `maxMs` after the first.
   * @default { quietMs: 2, maxMs: 20 }
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
  const expected = Buffer.from(token, 'utf8');
  const log = options.log ?? (() => undefined);
  const memo = new AnswerMemo();
  const pending = options.pending;
  const window = (backend: ServeBackend | undefined) =>
    new ServeGather(options.gather?.quietMs ?? 2, options.gather?.maxMs ?? 20, backend?.batchSize ?? 1, () => pending?.expecting ?? false);
  const gathers = { secret: window(backends.secrets), parameter: window(backends.parameters) };
  async function answer(request: IncomingMessage): Promise<{ answer: ServeAnswer; route: string }> {
    const target = request.url ?? '/';
    const pathname = target.split('?')[0] ?? '/';
    if (pathname !== '/ping') {
      if (request.headers['x-forwarded-for'] !== undefined) return { answer: plain(400, 'Forwarded'), route: '-' };
      if (!TOKEN_HEADERS.some((header) => sameToken(request.headers[header], expected)))
        return { answer: plain(403, 'Bad Token'), route: '-' };
    }
    if (request.method !== 'GET') return { answer: plain(405, 'Not allowed'), route: '-' };
    let remembered = memo.get(target);
    const seen = remembered !== undefined;
    if (remembered === undefined) {
      const parsed = parseServeRequest(target);
      if ('status' in parsed) return { answer: plain(parsed.status, parsed.body), route: '-' };
      remembered = { parsed };
      // Only reads are remembered: a refusal costs nothing to make again.
      if (parsed.route !== 'ping') memo.set(target, remembered);
    }
    const { parsed } = remembered;
    if (parsed.route === 'ping') return { answer: plain(200, 'healthy'), route: 'ping' };
    const backend = parsed.route === 'secret' ? backends.secrets : backends.parameters;
    if (!backend) return { answer: plain(404, 'Not found'), route: parsed.route };
    try {
      // A target never asked before is most likely a miss: it waits for the others of its burst.
      const value = seen ? await readOf(backend, parsed) : await gathers[parsed.route].run(() => readOf(backend, parsed));
      const body = memo.bodyOf(remembered, value, () =>
        parsed.route === 'secret' ? secretBody(unwrap(value), parsed) : parameterBody(unwrap(value), parsed),
      );
      return { answer: { status: 200, body, json: true }, route: parsed.route };
    } catch (error) {
      return { answer: errorAnswer(error, parsed.route), route: parsed.route };
    }
  }
  return (request, response) => {
    pending?.arrived(request.socket);
    // The body of a GET is not read; anything sent is drained so that the socket can be reused.
    request.resume();
    answer(request).then(
      ({ answer: { status, body, json }, route }) => {
        log(`${request.method ?? '-'} ${route} ${status}`);
        response.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain; charset=utf-8' });
        response.end(body);
      },
      () => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"__type":"InternalFailure"}');
      },
    );
  };
}
