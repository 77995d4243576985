import type { ServeAnswer } from './serve-errors.js';
import type { ServedRead } from './serve-provider.js';
import type { ServeRequest } from './serve-request.js';

/** What is remembered of one request target: its parsed form, its read options, its last answer. */
export interface Remembered {
  readonly parsed: Exclude<ServeRequest, { route: 'ping' }>;
  /** The options of the client read, made once per target. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The read the answer was made from. */
  read?: ServedRead;
  answer?: ServeAnswer;
}

type Fields = ServedRead['fields'];

function sameFields(a: Fields, b: Fields): boolean {
  if (a === b) return true;
  let count = 0;
  for (const name in a) {
    const x = a[name];
    const y = b[name];
    count++;
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return count === Object.keys(b).length;
}

/** Whether two reads make the same answer: the same value, version, date and backend fields. */
function sameRead(a: ServedRead, b: ServedRead): boolean {
  if (a.version !== b.version || a.updatedAt !== b.updatedAt) return false;
  const x = a.value;
  const y = b.value;
  if (typeof x === 'string' || typeof y === 'string') {
    if (x !== y) return false;
  } else if (!Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(y)) return false;
  return sameFields(a.fields, b.fields);
}

/**
 * The answers of `coffer serve`, ready: per request target (`/secretsmanager/get?secretId=…`),
 * the parsed request, its read options, and the answer last made with the read it was made
 * from. A read that finds the same value, version and fields gets the same answer object back
 * (so its bytes on the wire are made once too), without parsing or serialising anything; a new
 * version makes a new one. Bounded: past `max` targets the oldest go. A target never seen
 * before is also how the handler knows a read is probably a miss (see `ServeGather`).
 */
export class AnswerMemo {
  readonly #targets = new Map<string, Remembered>();

  constructor(private readonly max = 2000) {}

  get(target: string): Remembered | undefined {
    return this.#targets.get(target);
  }

  set(target: string, remembered: Remembered): void {
    if (this.#targets.size >= this.max) {
      const oldest = this.#targets.keys().next().value;
      if (oldest !== undefined) this.#targets.delete(oldest);
    }
    this.#targets.set(target, remembered);
  }

  /** The answer for `read`: the one made before when the read is the same, else a new one. */
  answerOf(remembered: Remembered, read: ServedRead, make: () => ServeAnswer): ServeAnswer {
    if (remembered.answer !== undefined && remembered.read !== undefined && sameRead(remembered.read, read)) return remembered.answer;
    const answer = make();
    remembered.read = read;
    remembered.answer = answer;
    return answer;
  }
}
