import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolveToken } from '@coffer/aws/extension';
import { type Duration, parseDuration, ValidationError } from '@coffer/core';
import { PendingRequests } from './pending-requests.js';
import { httpFront } from './http-front.js';
import { nodeHandler, type ServeBackends } from './serve-handler.js';
import { ServeResponder } from './serve-responder.js';

/**
 * Options of {@link serve}.
 *
 * @example
 * ```ts
 * const options: ServeOptions = { port: 0, backends: { secrets: serveBackend(awsSm()) } };
 * ```
 */
export interface ServeOptions {
  /** The clients behind the routes. */
  backends: ServeBackends;
  /** The port on 127.0.0.1; 0 picks a free one. @default `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`, else 2773 */
  port?: number;
  /**
   * The SSRF token requests must carry.
   * @default the first of `AWS_TOKEN`, `AWS_SESSION_TOKEN`, `AWS_CONTAINER_AUTHORIZATION_TOKEN`; `file:///path` reads the file
   */
  token?: string;
  /** Gets one line per request (method, route, status; never a value). @default no log */
  log?: (line: string) => void;
  /**
   * How long reads of secrets not asked before wait for the others of their burst, so that a
   * cold burst goes out in full batches (100 secrets: 5 `BatchGetSecretValue` calls, not 60):
   * they go once none has come for this long, at most ten times it after they came, or 25
   * times it while a connection accepted that long ago has still to send its request (see
   * docs/serve.md). A full batch goes at once; reads of a secret asked before never wait. `0`
   * turns the window off.
   * @default '5ms'
   */
  batchWindow?: Duration;
}

/**
 * A running `coffer serve`.
 *
 * @example
 * ```ts
 * const server: RunningServer = await serve({ port: 0, backends });
 * console.log(server.port);
 * ```
 */
export interface RunningServer {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Stops listening, closes the connections and the clients. */
  close(): Promise<void>;
}

/**
 * Serves the local HTTP protocol of the AWS Parameters and Secrets Lambda Extension and the
 * AWS Secrets Manager Agent (`/secretsmanager/get`, `/v1/<id>`, `/systemsmanager/parameters/get`,
 * `/ping`) over coffer clients, on 127.0.0.1 only. It refuses to start without a token.
 *
 * @example
 * ```ts
 * const server = await serve({ port: 2773, token: 'local-token', backends: { secrets: serveBackend(awsSm()) } });
 * // curl -H 'X-Aws-Parameters-Secrets-Token: local-token' 'http://127.0.0.1:2773/secretsmanager/get?secretId=prod/db'
 * await server.close();
 * ```
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? resolveToken();
  if (token === undefined || token === '')
    throw new ValidationError('coffer serve needs a token: set AWS_TOKEN (a file:///path works too) or AWS_SESSION_TOKEN');
  const envPort = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  const port = options.port ?? (envPort === undefined ? 2773 : Number(envPort));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError('port must be an integer from 0 to 65535');
  const quietMs = parseDuration(options.batchWindow ?? 5, 'batchWindow');
  if (quietMs > 50) throw new ValidationError('batchWindow must be at most 50 ms: it delays the first read of each secret');
  const gather = { quietMs, maxMs: quietMs * 10, expectMs: quietMs * 25 };
  const pending = new PendingRequests(gather.expectMs);
  const log = options.log ?? (() => undefined);
  const responder = new ServeResponder(options.backends, { gather, pending });
  const expected = Buffer.from(token, 'utf8');
  // Node's server takes only what the front hands it: requests of another shape than a plain GET.
  const fallback = createServer(nodeHandler(responder, expected, log, pending));
  const server = httpFront({ responder, token: expected, fallback, log, pending });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  pending.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const clients = [options.backends.secrets?.client, options.backends.parameters?.client];
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(clients.map((client) => client?.close()));
    },
  };
}

/** Why the server could not listen, in one line that names the port. */
function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new ValidationError(`port ${port} on 127.0.0.1 is taken by another process: stop it, or pick another port (0 picks a free one)`);
  }
  if (error.code === 'EACCES') return new ValidationError(`port ${port} on 127.0.0.1 needs privileges this process lacks`);
  return error;
}
