/**
 * When each watch is due, on one grid per client: a watch of interval `i` is due at the
 * multiples of `i` since the grid began, so every watch of the same interval is due at the same
 * moment (and polled in one batch) whenever it was made, and a 10 s watch meets the 5 s ones.
 * One timer, armed for the earliest due time.
 */
export class PollSchedule<Item> {
  readonly #due = new Map<Item, { intervalMs: number; at: number }>();
  readonly #epoch = Date.now();
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Number.POSITIVE_INFINITY;

  /** `onDue` gets the items due at one moment (those due within a few milliseconds of it). */
  constructor(private readonly onDue: (items: Item[]) => void) {}

  /** Adds an item, first due at the next grid point of its interval. */
  add(item: Item, intervalMs: number): void {
    this.#due.set(item, { intervalMs, at: this.#next(intervalMs, Date.now()) });
    this.#arm();
  }

  /** Removes an item; with none left the timer stops (the process may exit). */
  delete(item: Item): void {
    this.#due.delete(item);
    if (this.#due.size === 0) this.stop();
  }

  /** Stops the timer and forgets every item. */
  stop(): void {
    this.#due.clear();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  #next(intervalMs: number, now: number): number {
    return this.#epoch + (Math.floor((now - this.#epoch) / intervalMs) + 1) * intervalMs;
  }

  #arm(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const { at } of this.#due.values()) earliest = Math.min(earliest, at);
    if (earliest === this.#armedFor || earliest === Number.POSITIVE_INFINITY) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#armedFor = earliest;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, earliest - Date.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const due: Item[] = [];
    for (const [item, slot] of this.#due) {
      // Timers fire a little early or late: a slot due within 5 ms is due now.
      if (slot.at > now + 5) continue;
      due.push(item);
      slot.at = this.#next(slot.intervalMs, now + 5);
    }
    this.#arm();
    if (due.length > 0) this.onDue(due);
  }
}
