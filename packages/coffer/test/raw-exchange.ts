import { connect } from 'node:net';

/** One HTTP reply as read off the wire: the status, the head and the body. */
export interface Reply {
  status: number;
  head: string;
  body: string;
}

/** The first whole reply in `buffer` (a `Content-Length` or chunked body), and the bytes after it. */
function takeReply(buffer: Buffer): { reply: Reply; rest: Buffer } | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = buffer.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  if (!/\r\ntransfer-encoding: *chunked/i.test(head)) {
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (buffer.length < end + 4 + length) return undefined;
    return { reply: { status, head, body: buffer.toString('utf8', end + 4, end + 4 + length) }, rest: buffer.subarray(end + 4 + length) };
  }
  const parts: Buffer[] = [];
  for (let at = end + 4; ; ) {
    const eol = buffer.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = Number.parseInt(buffer.toString('latin1', at, eol), 16);
    if (buffer.length < eol + 2 + size + 2) return undefined;
    if (size === 0) return { reply: { status, head, body: Buffer.concat(parts).toString('utf8') }, rest: buffer.subarray(eol + 4) };
    parts.push(buffer.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * Sends raw bytes (in the pieces given) on one connection and reads `count` replies, or all until
 * the server closes (`closed`), or what came within `waitMs` of the last piece when given (a
 * server waiting for the rest of a request).
 */
export function exchange(
  port: number,
  pieces: readonly (string | Buffer)[],
  count: number,
  waitMs?: number,
): Promise<{ replies: Reply[]; closed: boolean }> {
  return talk(port, async (socket, replies, wait) => {
    for (const piece of pieces) {
      socket.write(piece);
      if (pieces.length > 1) await new Promise((next) => setImmediate(next));
    }
    while (replies.length < count) if (!(await wait(waitMs))) return;
  });
}

/**
 * Sends `requests` on one connection one at a time (each in the pieces given), each once the
 * previous one was answered, or `waitMs` passed without an answer (the server waits for more):
 * the replies, as a server sees a client that never pipelines.
 */
export function inTurn(
  port: number,
  requests: readonly (readonly Buffer[])[],
  waitMs: number,
): Promise<{ replies: Reply[]; closed: boolean }> {
  return talk(port, async (socket, replies, wait) => {
    for (const pieces of requests) {
      const before = replies.length;
      for (const piece of pieces) {
        // Bytes sent after the server answered and closed would make it reset the connection,
        // which can drop its answer unread.
        if (replies.length > before || socket.destroyed) break;
        socket.write(piece);
        if (pieces.length > 1) await new Promise((next) => setImmediate(next));
      }
      while (replies.length === before) if (!(await wait(waitMs))) break;
    }
  });
}

/**
 * Runs `script` on a connection: `wait(ms)` resolves true on the next reply, false after `ms`
 * (never, without `ms`) or once the server closed. The connection is closed after the script.
 */
function talk(
  port: number,
  script: (socket: ReturnType<typeof connect>, replies: Reply[], wait: (ms?: number) => Promise<boolean>) => Promise<void>,
): Promise<{ replies: Reply[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer: Buffer = Buffer.alloc(0);
    const replies: Reply[] = [];
    let closed = false;
    let wake: ((replied: boolean) => void) | undefined;
    const wait = (ms?: number) =>
      closed
        ? Promise.resolve(false)
        : new Promise<boolean>((resolveWait) => {
            const timer = ms === undefined ? undefined : setTimeout(() => resolveWait(false), ms);
            wake = (replied) => {
              clearTimeout(timer);
              resolveWait(replied);
            };
          });
    const end = () => {
      closed = true;
      wake?.(false);
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let taken = takeReply(buffer); taken; taken = takeReply(buffer)) {
        replies.push(taken.reply);
        buffer = taken.rest;
        wake?.(true);
      }
    });
    socket.on('close', end);
    // A reset after the replies is how a server may end a connection it refused.
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? end() : reject(error)));
    socket.on('connect', () =>
      script(socket, replies, wait).then(() => {
        socket.destroy();
        resolve({ replies, closed });
      }, reject),
    );
  });
}
