import { parameterBody, secretBody } from './answer-body.js';
import { AnswerMemo, type Remembered } from './answer-memo.js';
import type { PendingRequests } from './pending-requests.js';
import { errorAnswer, type ServeAnswer } from './serve-errors.js';
import { ServeGather } from './serve-gather.js';
import type { ServeBackend, ServeBackends } from './serve-handler.js';
import type { ServedRead } from './serve-provider.js';
import { parseServeRequest } from './serve-request.js';

/** What a transport tells the responder of one request. */
export interface Asked {
  readonly method: string;
  /** The request target as sent: `/secretsmanager/get?secretId=…`. */
  readonly target: string;
  /** Whether it carries `X-Forwarded-For`. */
  readonly forwarded: boolean;
  /** Whether it carries the token (compared in constant time by the transport). */
  readonly authorized: boolean;
}

/** An answer and the route it was for (`-` for a refusal), for the log line. */
export interface Answered {
  readonly answer: ServeAnswer;
  readonly route: string;
}

/** Options of {@link ServeResponder}. */
export interface ResponderOptions {
  /** The gathering window of reads not asked before; see `ServeOptions.batchWindow`. */
  readonly gather: { readonly quietMs: number; readonly maxMs: number; readonly expectMs?: number };
  /** The connections still to send their first request: the window waits for them. */
  readonly pending?: PendingRequests;
}

const plain = (status: number, body: string, route = '-'): Answered => ({ answer: { status, body, json: false }, route });
const PING = plain(200, 'healthy', 'ping');

/** The options of the client read of a request: made once per request target. */
function readOptions(parsed: Remembered['parsed'], backend: ServeBackend): Readonly<Record<string, unknown>> {
  const options: Record<string, unknown> = { decode: 'raw', metadata: true };
  if (parsed.refreshNow) options.forceFetch = true;
  if (parsed.route === 'secret') {
    if (parsed.versionId !== undefined) options.versionId = parsed.versionId;
    if (parsed.versionStage !== undefined) options.versionStage = parsed.versionStage;
  } else {
    if (backend.takesDecrypt) options.decrypt = parsed.withDecryption;
    if (parsed.version !== undefined) options.version = /^\d{1,10}$/.test(parsed.version) ? Number(parsed.version) : parsed.version;
    if (parsed.label !== undefined) options.label = parsed.label;
  }
  return Object.freeze(options);
}

/**
 * Answers the requests of `coffer serve`, whatever carries them (see `serveHandler` and
 * `httpFront`), checking in the agent's order: outside `/ping`, `X-Forwarded-For` is 400 and a
 * missing or wrong token 403; then anything but GET is 405; then the routes. A target asked
 * before skips parsing and, while the client returns the same read, answers the same
 * {@link ServeAnswer} object; a target never asked before waits in the gathering window.
 */
export class ServeResponder {
  readonly #memo = new AnswerMemo();
  readonly #gathers: Record<'secret' | 'parameter', ServeGather>;

  constructor(
    private readonly backends: ServeBackends,
    options: ResponderOptions,
  ) {
    const { quietMs, maxMs, expectMs = maxMs } = options.gather;
    const expecting = () => options.pending?.expecting ?? false;
    const window = (backend: ServeBackend | undefined) => new ServeGather(quietMs, maxMs, backend?.batchSize ?? 1, expecting, expectMs);
    this.#gathers = { secret: window(backends.secrets), parameter: window(backends.parameters) };
  }

  /** The answer to one request: at once for a refusal, else when the read is done. */
  answer(asked: Asked): Answered | Promise<Answered> {
    const { target } = asked;
    if (target !== '/ping' && !target.startsWith('/ping?')) {
      if (asked.forwarded) return plain(400, 'Forwarded');
      if (!asked.authorized) return plain(403, 'Bad Token');
    }
    if (asked.method !== 'GET') return plain(405, 'Not allowed');
    let remembered = this.#memo.get(target);
    const seen = remembered !== undefined;
    if (remembered === undefined) {
      const parsed = parseServeRequest(target);
      if ('status' in parsed) return plain(parsed.status, parsed.body);
      if (parsed.route === 'ping') return PING;
      const backend = parsed.route === 'secret' ? this.backends.secrets : this.backends.parameters;
      if (!backend) return plain(404, 'Not found', parsed.route);
      remembered = { parsed, options: readOptions(parsed, backend) };
      // Only reads are remembered: a refusal costs nothing to make again.
      this.#memo.set(target, remembered);
    }
    return this.#read(remembered, seen);
  }

  async #read(remembered: Remembered, seen: boolean): Promise<Answered> {
    const { parsed, options } = remembered;
    const { route } = parsed;
    const backend = (route === 'secret' ? this.backends.secrets : this.backends.parameters) as ServeBackend;
    const path = route === 'secret' ? parsed.secretId : parsed.name;
    // `options` always has `decode: 'raw'` and `metadata: true`: the read is a ServedRead.
    const read = () => backend.client.get(path, options) as Promise<unknown> as Promise<ServedRead>;
    try {
      // A target never asked before is most likely a miss: it waits for the others of its burst.
      const served = seen ? await read() : await this.#gathers[route].run(read);
      const answer = this.#memo.answerOf(remembered, served, () => ({
        status: 200,
        body: parsed.route === 'secret' ? secretBody(served, parsed) : parameterBody(served, parsed),
        json: true,
      }));
      return { answer, route };
    } catch (error) {
      return { answer: errorAnswer(error, route), route };
    }
  }
}
