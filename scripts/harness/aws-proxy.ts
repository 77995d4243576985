import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import { listenLocally } from '../test-support/server-process';

/**
 * A counting, fault-injecting HTTP proxy in front of the AWS emulator, on 127.0.0.1. Every
 * request that reaches it is recorded (operation and signing access key id), so tests count real
 * requests; a fault rule can answer instead of the emulator (throttling, 5xx, expired token),
 * never answer, drop the connection, or damage the emulator's answer on its way back (headers
 * then silence, a body dripped one byte at a time, a truncated body, a body that is not JSON).
 * Requests are told apart by region (the SigV4 credential scope), and a whole region can be
 * failed on demand, for failover tests.
 */

/** One request seen by the proxy. */
export interface ProxiedRequest {
  /** The API operation, such as `GetParameters`, `BatchGetSecretValue`, `AssumeRole`. */
  readonly operation: string;
  /** The access key id the request was signed with. */
  readonly accessKeyId: string | undefined;
  /** The region of the SigV4 credential scope (`us-east-1`), `undefined` for an unsigned request. */
  readonly region?: string | undefined;
}

/**
 * What to do instead of forwarding plainly:
 * - `{ status, type }`: an AWS error answer (`ThrottlingException` with 400, 503, ...);
 * - `'hang'`: no answer at all;
 * - `'reset'`: the connection is dropped without an answer;
 * - `'silence'`: `200` and its headers, then nothing;
 * - `'drip'`: the emulator's answer, its body one byte every 100 ms;
 * - `'truncate'`: the emulator's answer, its body cut in half (and a length that says so);
 * - `'garbage'`: `200` with a body that is not JSON.
 */
export type Fault = { status: number; type: string } | 'hang' | 'reset' | 'silence' | 'drip' | 'truncate' | 'garbage';

const DRIP_INTERVAL_MS = 100;

/** A running proxy. */
export interface AwsProxy {
  /** `http://127.0.0.1:<port>`: give it as the `endpoint` of the client under test. */
  readonly endpoint: string;
  /** Every request seen, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** How many requests of one operation (of all, without one) were seen. */
  count(operation?: string): number;
  /** Answers the requests for which `rule` returns a fault; `undefined` removes the rule. */
  fault(rule: ((request: ProxiedRequest) => Fault | undefined) | undefined): void;
  /** How many requests signed for `region` (of one operation, without one: of all) were seen. */
  countIn(region: string, operation?: string): number;
  /**
   * Answers every request signed for `region` with `fault` (before any `fault` rule);
   * `undefined` brings the region back.
   */
  failRegion(region: string, fault: Fault | undefined): void;
  /** Stops listening and drops every connection (hung requests included). */
  close(): Promise<void>;
}

function operationOf(request: IncomingMessage, body: Buffer): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const action = new URLSearchParams(body.toString('utf8')).get('Action');
  return action ?? `${request.method} ${request.url}`;
}

function accessKeyOf(request: IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(request.headers.authorization ?? '')?.[1];
}

// Credential=AKID/20260101/us-east-1/ssm/aws4_request
function regionOf(request: IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(request.headers.authorization ?? '')?.[1];
}

function reply(response: ServerResponse, fault: { status: number; type: string }): void {
  const body = JSON.stringify({ __type: fault.type, message: `injected ${fault.type}` });
  response.writeHead(fault.status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': fault.type,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function forward(
  upstream: URL,
  request: IncomingMessage,
  body: Buffer,
  onAnswer: (status: number, headers: IncomingMessage['headers'], answer: Buffer) => void,
  onError: () => void,
): void {
  const outgoing = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => onAnswer(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
      answer.on('error', onError);
    },
  );
  outgoing.on('error', onError);
  outgoing.end(body);
}

function drip(response: ServerResponse, status: number, headers: IncomingMessage['headers'], answer: Buffer): void {
  response.writeHead(status, { ...headers, 'content-length': answer.length });
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= answer.length || response.destroyed) {
      clearInterval(timer);
      if (!response.destroyed) response.end();
      return;
    }
    response.write(answer.subarray(sent, sent + 1));
    sent += 1;
  }, DRIP_INTERVAL_MS);
  response.on('close', () => clearInterval(timer));
}

function answerWith(
  response: ServerResponse,
  fault: Exclude<Fault, 'hang' | 'reset'>,
  status: number,
  headers: IncomingMessage['headers'],
  answer: Buffer,
) {
  if (typeof fault === 'object') return reply(response, fault);
  if (fault === 'drip') return drip(response, status, headers, answer);
  const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = headers;
  if (fault === 'silence') {
    response.writeHead(200, { ...rest, 'content-length': Math.max(answer.length, 64) });
    response.flushHeaders();
    return;
  }
  const body = fault === 'truncate' ? answer.subarray(0, Math.floor(answer.length / 2)) : Buffer.from('<html>502 Bad Gateway</html>');
  response.writeHead(fault === 'garbage' ? 200 : status, { ...rest, 'content-length': body.length });
  response.end(body);
}

/**
 * Starts a proxy forwarding to `target` (the emulator's endpoint).
 *
 * @example
 * ```ts
 * const proxy = await awsProxy(motoEndpoint());
 * const ps = new ParameterStore({ endpoint: proxy.endpoint, region: 'us-east-1' });
 * await ps.get('/a');
 * expect(proxy.count('GetParameters')).toBe(1);
 * ```
 */
export async function awsProxy(target: string): Promise<AwsProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let rule: ((request: ProxiedRequest) => Fault | undefined) | undefined;
  const failedRegions = new Map<string, Fault>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: ProxiedRequest = {
        operation: operationOf(request, body),
        accessKeyId: accessKeyOf(request),
        region: regionOf(request),
      };
      requests.push(seen);
      const fault = (seen.region === undefined ? undefined : failedRegions.get(seen.region)) ?? rule?.(seen);
      if (fault === 'hang') return;
      if (fault === 'reset') return request.socket.destroy();
      if (typeof fault === 'object') return reply(response, fault);
      forward(
        upstream,
        request,
        body,
        (status, headers, answer) => {
          if (response.destroyed) return;
          if (fault) return answerWith(response, fault, status, headers, answer);
          response.writeHead(status, headers);
          response.end(answer);
        },
        () => response.destroy(),
      );
    });
  });
  const listening = await listenLocally(server);
  return {
    endpoint: listening.endpoint,
    requests,
    count: (operation) => (operation === undefined ? requests.length : requests.filter((seen) => seen.operation === operation).length),
    fault(next) {
      rule = next;
    },
    countIn: (region, operation) =>
      requests.filter((seen) => seen.region === region && (operation === undefined || seen.operation === operation)).length,
    failRegion(region, fault) {
      if (fault === undefined) failedRegions.delete(region);
      else failedRegions.set(region, fault);
    },
    close: listening.close,
  };
}
