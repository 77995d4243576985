/**
 * A short gathering window for reads that are probably misses (a target not asked before): they
 * wait until no new one has come for `quietMs`, then go out in one turn, so that the client's
 * micro-batch puts them in full backend calls (`BatchGetSecretValue`: 20 a call). HTTP requests
 * arrive over many turns of the event loop; the client's batch, which gathers one turn, would
 * otherwise see one or two at a time. A full batch goes at once; while connections accepted
 * lately have not sent their request yet, the window waits for them; what would make a partial
 * batch waits on for the next ones; no read waits more than `maxMs`, or `expectMs` while
 * requests are still expected. Reads of targets seen before never wait.
 */
export class ServeGather {
  #waiting: Array<{ start: () => void; since: number }> = [];
  #quiet: NodeJS.Timeout | undefined;
  #cap: NodeJS.Timeout | undefined;

  constructor(
    private readonly quietMs: number,
    private readonly maxMs: number,
    private readonly batchSize: number,
    private readonly expecting: () => boolean = () => false,
    private readonly expectMs = maxMs,
  ) {}

  /** Runs `read` now when the window is off, else when the window closes. */
  run<T>(read: () => Promise<T>): Promise<T> {
    if (this.maxMs <= 0) return read();
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ start: () => void read().then(resolve, reject), since: Date.now() });
      // A full batch has nothing more to wait for.
      if (this.batchSize > 1 && this.#waiting.length % this.batchSize === 0) return this.#flush(false);
      clearTimeout(this.#quiet);
      this.#quiet = undefined;
      // While accepted connections have not sent their request yet, the burst is still coming.
      if (!this.expecting())
        this.#quiet = this.#after(
          this.quietMs,
          () => this.#flush(false),
          () => this.#quiet,
        );
      if (this.#cap === undefined)
        this.#cap = this.#after(
          this.maxMs,
          () => this.#capped(),
          () => this.#cap,
        );
    });
  }

  /**
   * A timer whose action runs after the I/O of its loop turn, and only if it is still the
   * current one: a window that closed while the process was busy first reads the requests that
   * came meanwhile (timers run before the turn's I/O), and one of them may keep it open.
   */
  #after(ms: number, action: () => void, current: () => NodeJS.Timeout | undefined): NodeJS.Timeout {
    const timer: NodeJS.Timeout = setTimeout(() => {
      setImmediate(() => {
        if (current() === timer) action();
      });
    }, ms);
    return timer;
  }

  /**
   * The oldest read has waited `maxMs`. While connections accepted lately have still to send
   * their request, the burst is still coming: it waits on, a quiet window at a time, up to
   * `expectMs` in all; then everything waiting goes.
   */
  #capped(): void {
    const oldest = this.#waiting[0];
    if (oldest !== undefined && this.expecting() && Date.now() - oldest.since < this.expectMs) {
      this.#cap = this.#after(
        Math.max(1, this.quietMs),
        () => this.#capped(),
        () => this.#cap,
      );
      return;
    }
    this.#flush(true);
  }

  #flush(all: boolean): void {
    clearTimeout(this.#quiet);
    clearTimeout(this.#cap);
    this.#quiet = undefined;
    this.#cap = undefined;
    const full = all ? this.#waiting.length : this.#waiting.length - (this.#waiting.length % this.batchSize);
    const going = this.#waiting.slice(0, full || this.#waiting.length);
    this.#waiting = this.#waiting.slice(going.length);
    const oldest = this.#waiting[0];
    if (oldest !== undefined) {
      this.#cap = this.#after(
        Math.max(0, oldest.since + this.maxMs - Date.now()),
        () => this.#capped(),
        () => this.#cap,
      );
    }
    // One synchronous loop: every read is issued in the same turn, so they batch together.
    for (const { start } of going) start();
  }
}
