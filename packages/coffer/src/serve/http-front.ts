import { timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { PendingRequests } from './pending-requests.js';
import type { ServeAnswer } from './serve-errors.js';
import type { Answered, Asked, ServeResponder } from './serve-responder.js';

/** Node's own bound on a request head (`--max-http-header-size`). */
const MAX_HEAD = 16 * 1024;
/** How many bytes of pipelined requests a connection may send ahead before it is not read. */
const HOLD_BACK = MAX_HEAD;
/** How long a kept-alive connection may stay silent, as Node's `keepAliveTimeout`. */
const IDLE_MS = 5_000;
const CRLF = 0x0a0d;
const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');
const VERSION = Buffer.from(' HTTP/1.1');
const TOKEN_NAMES = new Set(['x-aws-parameters-secrets-token', 'x-vault-token']);
/** The characters of a header name (RFC 9110 `tchar`). */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TCHAR[c.charCodeAt(0)] = 1;

/** What {@link httpFront} needs. */
export interface FrontOptions {
  readonly responder: ServeResponder;
  /** The token, as bytes. */
  readonly token: Buffer;
  /** Node's HTTP server (not listening): it gets every connection the front does not take. */
  readonly fallback: HttpServer;
  readonly log: (line: string) => void;
  readonly pending?: PendingRequests;
}

const GET_SLASH = Buffer.from('GET /');

/**
 * Where the last line of an unfinished head begins, when the head up to it can still be the one
 * shape the front answers (a `GET /` line of printable ASCII, then `name: value` lines: a name of
 * token characters, a value of printable ASCII or tabs, each line ended by CRLF); -1 when it
 * cannot: Node's parser then gets it at once and answers (or refuses) as it alone would, without
 * waiting for more. `from` is where the last line began at the previous look.
 */
function plausibleUpTo(buffer: Buffer, from: number): number {
  const n = Math.min(buffer.length, GET_SLASH.length);
  if (from < n && buffer.compare(GET_SLASH, from, n, from, n) !== 0) return -1;
  let line = from;
  let inName = from > 0;
  for (let i = from; i < buffer.length; i++) {
    const c = buffer[i] as number;
    if (c === 0x0d) {
      if (i + 1 === buffer.length) break;
      if (buffer[i + 1] !== 0x0a || (inName && i > line)) return -1;
      line = i + 2;
      inName = true;
      i++;
    } else if (inName) {
      if (c === 0x3a && i > line) inName = false;
      else if (c >= 0x80 || TCHAR[c] !== 1) return -1;
    } else if ((c < 0x20 && c !== 0x09) || c > 0x7e) return -1;
  }
  return line;
}

/** A request head of the one shape the front answers, or `undefined` for Node's server. */
function parseHead(buffer: Buffer, end: number, token: Buffer): Asked | undefined {
  // `GET <target> HTTP/1.1`, nothing else: every other method, version or form goes to Node.
  if (buffer[0] !== 0x47 || buffer[1] !== 0x45 || buffer[2] !== 0x54 || buffer[3] !== 0x20 || buffer[4] !== 0x2f) return undefined;
  let at = 4;
  while (at < end && buffer[at] !== 0x20) {
    const c = buffer[at] as number;
    if (c < 0x21 || c > 0x7e) return undefined;
    at++;
  }
  if (at + 9 > end) return undefined;
  const target = buffer.toString('latin1', 4, at);
  if (buffer.compare(VERSION, 0, VERSION.length, at, at + VERSION.length) !== 0 || buffer.readUInt16LE(at + 9) !== CRLF) return undefined;
  let forwarded = false;
  let authorized = false;
  let host = false;
  const seen = new Set<string>();
  for (let line = at + 11; line < end + 2; ) {
    const eol = buffer.indexOf(LINE_END, line);
    let colon = line;
    while (colon < eol && TCHAR[buffer[colon] as number] === 1) colon++;
    // No obsolete line folding, no space before the colon, no empty name.
    if (colon === line || colon === eol || buffer[colon] !== 0x3a) return undefined;
    let from = colon + 1;
    let to = eol;
    while (from < to && (buffer[from] === 0x20 || buffer[from] === 0x09)) from++;
    while (to > from && (buffer[to - 1] === 0x20 || buffer[to - 1] === 0x09)) to--;
    for (let i = from; i < to; i++) {
      const c = buffer[i] as number;
      if ((c < 0x20 && c !== 0x09) || c > 0x7e) return undefined;
    }
    const name = buffer.toString('latin1', line, colon).toLowerCase();
    if (TOKEN_NAMES.has(name) || name === 'host') {
      // Node joins repeated headers: a repeated token or host is its to judge.
      if (seen.has(name)) return undefined;
      seen.add(name);
      if (name === 'host') host = true;
      else if (to - from === token.length && timingSafeEqual(buffer.subarray(from, to), token)) authorized = true;
    } else if (name === 'x-forwarded-for') forwarded = true;
    else if (name === 'content-length' || name === 'transfer-encoding' || name === 'upgrade' || name === 'expect') return undefined;
    else if (name === 'connection' && buffer.toString('latin1', from, to).toLowerCase() !== 'keep-alive') return undefined;
    line = eol + 2;
  }
  return host ? { method: 'GET', target, forwarded, authorized } : undefined;
}

let dateSecond = -1;
let dateText = '';
/** The `Date` header's text, made once a second as Node makes it. */
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** An answer's bytes on the wire, with the head Node's server writes for it. */
function wireOf(answer: ServeAnswer, date: string): Buffer {
  const body = Buffer.from(answer.body, 'utf8');
  const type = answer.json ? 'application/json' : 'text/plain; charset=utf-8';
  const head =
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\ncontent-type: ${type}\r\ncontent-length: ${body.length}\r\n` +
    `Date: ${date}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=${IDLE_MS / 1000}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const FAILED: Answered = { answer: { status: 500, body: '{"__type":"InternalFailure"}', json: true }, route: '-' };

/**
 * The HTTP/1.1 front of `coffer serve`. Node's `http` server costs more per request than the
 * agent's whole answer (measured: a Node server that only sends a fixed body reaches about 0.6×
 * the agent's requests a second under the bench's load), so the front answers itself the one
 * request shape clients of the agent send, `GET <target> HTTP/1.1` with a `Host`, no body and
 * kept-alive, in the bytes Node's server would write, each answer's bytes made once a second.
 * Anything else (another method or version, a body, `Connection: close`, obsolete folding, a
 * byte outside printable ASCII, a repeated token, a head over 16 kB) hands the connection, with
 * what it sent, to Node's server for good, so that Node's parser judges every unusual request.
 */
export function httpFront(options: FrontOptions): Server {
  const wires = new WeakMap<ServeAnswer, { date: string; bytes: Buffer }>();
  const bytesOf = (answer: ServeAnswer): Buffer => {
    const date = httpDate();
    const known = wires.get(answer);
    if (known !== undefined && known.date === date) return known.bytes;
    const bytes = wireOf(answer, date);
    wires.set(answer, { date, bytes });
    return bytes;
  };
  return createServer({ noDelay: true, allowHalfOpen: true }, (socket) => serveConnection(socket, options, bytesOf));
}

function serveConnection(socket: Socket, options: FrontOptions, bytesOf: (answer: ServeAnswer) => Buffer): void {
  const { responder, token, log, pending } = options;
  let buffer: Buffer | undefined;
  /** Where the last line of an unfinished head begins (a trickled head is looked at once). */
  let scanned = 0;
  let busy = false;
  /** Whether the socket is paused because requests piled up behind one being answered. */
  let held = false;
  const holdBack = () => {
    if (held || buffer === undefined || buffer.length < HOLD_BACK) return;
    held = true;
    socket.pause();
  };
  const release = () => {
    busy = false;
    if (!held) return;
    held = false;
    socket.resume();
  };
  let ended = false;
  const handOff = () => {
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('timeout', onTimeout);
    socket.setTimeout(0);
    socket.pause();
    if (buffer !== undefined) socket.unshift(buffer);
    buffer = undefined;
    options.fallback.emit('connection', socket);
    process.nextTick(() => socket.resume());
  };
  const send = ({ answer, route }: Answered) => {
    log(`GET ${route} ${answer.status}`);
    if (socket.destroyed) return;
    if (socket.write(bytesOf(answer))) return;
    // A client that does not read its answers is not read from either (past 16 kB ahead).
    busy = true;
    socket.once('drain', () => {
      release();
      next();
    });
  };
  const next = (): void => {
    while (!busy && buffer !== undefined && !socket.destroyed) {
      const end = buffer.indexOf(HEAD_END);
      if (end < 0 || end + 4 > MAX_HEAD) {
        const line = end < 0 && buffer.length <= MAX_HEAD ? plausibleUpTo(buffer, scanned) : -1;
        if (line < 0) handOff();
        else scanned = line;
        break;
      }
      scanned = 0;
      const asked = parseHead(buffer, end, token);
      if (asked === undefined) {
        handOff();
        return;
      }
      buffer = end + 4 < buffer.length ? buffer.subarray(end + 4) : undefined;
      pending?.arrived(socket);
      let answered: Answered | Promise<Answered>;
      try {
        answered = responder.answer(asked);
      } catch {
        answered = FAILED;
      }
      if (!(answered instanceof Promise)) {
        send(answered);
        continue;
      }
      busy = true;
      // Pipelined requests wait in the buffer until this one is answered: answers go in order.
      // The socket is paused only when they pile up (a pause and a resume are two system calls
      // for every request otherwise).
      holdBack();
      answered
        .catch(() => FAILED)
        .then((done) => {
          release();
          send(done);
          next();
        })
        // Nothing of one connection may end the process: a connection that fails here is dropped.
        .catch(() => socket.destroy());
      return;
    }
    if (ended && !busy && buffer === undefined) socket.end();
  };
  const onData = (chunk: Buffer) => {
    buffer = buffer === undefined ? chunk : Buffer.concat([buffer, chunk]);
    if (busy) holdBack();
    else next();
  };
  const onEnd = () => {
    ended = true;
    next();
  };
  // A slow read holds the connection open; a silent one is closed, as Node closes it.
  const onTimeout = () => {
    if (!busy) socket.destroy();
  };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('timeout', onTimeout);
  socket.on('error', () => socket.destroy());
  socket.setTimeout(IDLE_MS);
}
