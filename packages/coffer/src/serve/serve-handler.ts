import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ClientOptions, type CofferClient, createClient, type Provider, type RuntimeProviderTypes } from '@coffer/core';
import { errorAnswer, type ServeAnswer } from './serve-errors.js';
import { parseServeRequest, type ServeRequest } from './serve-request.js';
import { typedProvider, untag } from './typed-provider.js';

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
  return { client, takesDecrypt: Boolean(provider.options?.get?.decrypt) };
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

async function readSecret({ client }: ServeBackend, request: Extract<ServeRequest, { route: 'secret' }>): Promise<ServeAnswer> {
  const { secretId, versionId, versionStage, refreshNow } = request;
  const value = await client.get(secretId, {
    decode: 'raw',
    forceFetch: refreshNow,
    ...(versionId === undefined ? {} : { versionId }),
    ...(versionStage === undefined ? {} : { versionStage }),
  });
  const read = untag(value);
  const body: Record<string, unknown> = secretId.startsWith('arn:') ? { ARN: secretId } : { Name: secretId };
  if ('bytes' in read) body.SecretBinary = Buffer.from(read.bytes).toString('base64');
  else body.SecretString = read.text;
  // The stage asked for: with a versionId coffer's client cannot tell which stages that version has.
  if (versionId === undefined) body.VersionStages = [versionStage ?? 'AWSCURRENT'];
  return { status: 200, body: JSON.stringify(body), json: true };
}

async function readParameter(
  { client, takesDecrypt }: ServeBackend,
  request: Extract<ServeRequest, { route: 'parameter' }>,
): Promise<ServeAnswer> {
  const { name, withDecryption, version, label, refreshNow } = request;
  const options: Record<string, unknown> = { decode: 'raw', forceFetch: refreshNow };
  if (takesDecrypt) options.decrypt = withDecryption;
  if (version !== undefined) options.version = /^\d{1,10}$/.test(version) ? Number(version) : version;
  if (label !== undefined) options.label = label;
  const read = untag(await client.get(name, options));
  const parameter: Record<string, unknown> = {
    Name: name,
    Type: 'bytes' in read ? 'String' : read.list ? 'StringList' : 'String',
    Value: 'bytes' in read ? Buffer.from(read.bytes).toString('base64') : read.text,
    DataType: 'text',
  };
  const selector = version ?? label;
  if (selector !== undefined) parameter.Selector = `:${selector}`;
  return { status: 200, body: JSON.stringify({ Parameter: parameter, ResultMetadata: {} }), json: true };
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
  log: (line: string) => void = () => undefined,
): (request: IncomingMessage, response: ServerResponse) => void {
  const expected = Buffer.from(token, 'utf8');
  async function answer(request: IncomingMessage): Promise<{ answer: ServeAnswer; route: string }> {
    const target = request.url ?? '/';
    const pathname = target.split('?')[0] ?? '/';
    if (pathname !== '/ping') {
      if (request.headers['x-forwarded-for'] !== undefined) return { answer: plain(400, 'Forwarded'), route: '-' };
      if (!TOKEN_HEADERS.some((header) => sameToken(request.headers[header], expected)))
        return { answer: plain(403, 'Bad Token'), route: '-' };
    }
    if (request.method !== 'GET') return { answer: plain(405, 'Not allowed'), route: '-' };
    const parsed = parseServeRequest(target);
    if ('status' in parsed) return { answer: plain(parsed.status, parsed.body), route: '-' };
    if (parsed.route === 'ping') return { answer: plain(200, 'healthy'), route: 'ping' };
    const backend = parsed.route === 'secret' ? backends.secrets : backends.parameters;
    if (!backend) return { answer: plain(404, 'Not found'), route: parsed.route };
    try {
      const result = parsed.route === 'secret' ? await readSecret(backend, parsed) : await readParameter(backend, parsed);
      return { answer: result, route: parsed.route };
    } catch (error) {
      return { answer: errorAnswer(error, parsed.route), route: parsed.route };
    }
  }
  return (request, response) => {
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
