import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLocally } from '../server-process';

/**
 * A small HTTP server on 127.0.0.1 that answers as a test tells it: the backend of the leak
 * suite, which quotes the secret in its error messages, breaks its bodies off, or never answers.
 */

/** What the server saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  /** `X-Amz-Target`'s operation, or the URL for other protocols. */
  readonly operation: string;
  readonly body: string;
}

/** An answer: status, headers and body; `hang` never answers; `truncate` sends half the body and cuts the connection. */
export type Answer = { status: number; headers?: Record<string, string>; body: string; truncate?: boolean } | 'hang';

/** A running fake backend. */
export interface FakeBackend {
  readonly endpoint: string;
  readonly requests: readonly SeenRequest[];
  /** Sets how requests are answered from now on. */
  answer(rule: (request: SeenRequest) => Answer): void;
  close(): Promise<void>;
}

/** Starts a fake backend on a free port. */
export async function fakeBackend(): Promise<FakeBackend> {
  const requests: SeenRequest[] = [];
  let rule: (request: SeenRequest) => Answer = () => ({ status: 500, body: '{}' });
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const seen: SeenRequest = {
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        operation: typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : (request.url ?? '/'),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const answer = rule(seen);
      if (answer === 'hang') return;
      const body = Buffer.from(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': body.length, ...answer.headers });
      if (answer.truncate) {
        response.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => response.socket?.destroy(), 10);
      } else response.end(body);
    });
  });
  const listening = await listenLocally(server);
  return {
    endpoint: listening.endpoint,
    requests,
    answer(next) {
      rule = next;
    },
    close: listening.close,
  };
}

/** An AWS JSON-protocol error that quotes `text` in its message. */
export function awsError(status: number, type: string, text: string): Answer {
  const body = JSON.stringify({
    __type: type,
    message: `1 validation error detected: Value '${text}' at 'value' failed to satisfy constraint`,
  });
  return { status, headers: { 'x-amzn-errortype': type }, body };
}
