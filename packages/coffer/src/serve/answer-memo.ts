import type { ServeRequest } from './serve-request.js';

/** What is remembered of one request target: its parsed form, and its last answer body. */
export interface Remembered {
  readonly parsed: ServeRequest;
  /** The stored value the body was made from (the same text object, while the cache holds it). */
  value?: unknown;
  body?: string;
}

/**
 * The answers of `coffer serve`, ready: per request target (`/secretsmanager/get?secretId=…`),
 * the parsed request and the body last made for it with the value it was made from. A read that
 * finds the same value sends the same body, without parsing or serialising anything. Bounded:
 * past `max` targets the oldest go. A target never seen before is also how the handler knows a
 * read is probably a miss (see `ServeGather`).
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

  /** The body for `value`: the one made before when the value is the same, else a new one. */
  bodyOf(remembered: Remembered, value: unknown, make: () => string): string {
    if (remembered.body !== undefined && remembered.value === value) return remembered.body;
    const body = make();
    remembered.value = value;
    remembered.body = body;
    return body;
  }
}
