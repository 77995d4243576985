import type { Readable } from 'node:stream';
import type { NodeHttpHandler } from '@smithy/node-http-handler';

type Handle = NodeHttpHandler['handle'];
type HandlerOutput = Awaited<ReturnType<Handle>>;

/**
 * The error an attempt ends with when it outlives its deadline. Its name, `TimeoutError`, is
 * one the SDK retries and coffer maps to a transient `ProviderError`.
 */
function deadlineError(timeoutMs: number): Error {
  return Object.assign(new Error(`the attempt took longer than timeoutMs (${timeoutMs} ms)`), { name: 'TimeoutError' });
}

// Node's own errors come from another realm under a test sandbox, and the SDK then replaces them
// with a message-only wrapper: keep their name and code on an error of this realm.
function ownRealm(error: unknown): unknown {
  if (error instanceof Error || !error || typeof error !== 'object') return error;
  const { name, code } = error as { name?: unknown; code?: unknown };
  const copy = new Error(typeof name === 'string' ? name : 'Error');
  return Object.assign(copy, { name: typeof name === 'string' ? name : 'Error', ...(typeof code === 'string' ? { code } : {}) });
}

function isNodeStream(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.destroy === 'function' && typeof (body as Readable).once === 'function';
}

/**
 * An SDK request handler that gives every attempt one deadline, `timeoutMs`, from sending the
 * request to the last byte of the response body. The SDK's own timeouts stop once the headers
 * arrive: a server that answers `200` and then sends nothing, or one byte at a time, would keep
 * a read pending for as long as the socket lives. Here, when the deadline passes, the request is
 * aborted (before the headers) or the body stream destroyed (after them) with a `TimeoutError`,
 * so the SDK's retry strategy makes its next attempt.
 *
 * @example
 * ```ts
 * const ssm = new SSMClient({ requestHandler: new AttemptDeadlineHandler(new NodeHttpHandler(), 2000) });
 * ```
 */
export class AttemptDeadlineHandler {
  /** What the SDK asks of a handler: the protocol it speaks. */
  readonly metadata = { handlerProtocol: 'http/1.1' };

  /**
   * @param inner - the handler that sends the request (the SDK's `NodeHttpHandler`)
   * @param timeoutMs - the deadline of one attempt, body included
   */
  constructor(
    private readonly inner: NodeHttpHandler,
    readonly timeoutMs: number,
  ) {}

  /** Sends one attempt through the inner handler, within the deadline. */
  handle(request: Parameters<Handle>[0], options: Parameters<Handle>[1] = {}): Promise<HandlerOutput> {
    const controller = new AbortController();
    const outer = options.abortSignal as AbortSignal | undefined;
    if (outer?.aborted) controller.abort();
    else outer?.addEventListener?.('abort', () => controller.abort(), { once: true });
    return new Promise<HandlerOutput>((resolve, reject) => {
      let body: Readable | undefined;
      let settled = false;
      const timer = setTimeout(() => {
        if (body) {
          body.destroy(deadlineError(this.timeoutMs));
          return;
        }
        settled = true;
        reject(deadlineError(this.timeoutMs));
        controller.abort();
      }, this.timeoutMs);
      timer.unref?.();
      this.inner.handle(request, { ...options, abortSignal: controller.signal }).then(
        (output) => {
          const stream = output.response.body as unknown;
          if (settled) {
            if (isNodeStream(stream)) stream.destroy();
            return;
          }
          settled = true;
          if (isNodeStream(stream)) {
            body = stream;
            // The deadline error reaches the reader through its own listener; this one only
            // keeps a stream nobody reads from crashing the process.
            stream.on('error', () => {});
            stream.once('end', () => clearTimeout(timer));
            stream.once('close', () => clearTimeout(timer));
          } else {
            clearTimeout(timer);
          }
          resolve(output);
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          reject(ownRealm(error));
        },
      );
    });
  }

  /** Passes a configuration change on to the inner handler. */
  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  /** The inner handler's configuration. */
  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.inner.httpHandlerConfigs();
  }

  /** Closes the inner handler's sockets. */
  destroy(): void {
    this.inner.destroy();
  }
}
