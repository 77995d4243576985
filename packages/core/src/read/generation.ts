import { covers } from './cache-index.js';

/**
 * A generation per secret: every invalidation (`update`, `refresh`, `clear`) of a secret bumps
 * it, and a load that began before the bump must not store what it fetched, since the value may
 * predate the write. A load takes a token when it begins and checks it when its value arrives.
 *
 * Generations are only needed while a load is open, so the per-secret counters are forgotten
 * whenever no load is: the map stays as small as the set of secrets invalidated meanwhile.
 */
export class Generations {
  #counter = 0;
  /** The counter at the last invalidation of everything. */
  #all = 0;
  /** The counter at the last invalidation of each secret, while loads are open. */
  readonly #bySubject = new Map<string, number>();
  #open = 0;

  /** How many secrets it holds a generation of (none while no load is open). */
  get size(): number {
    return this.#bySubject.size;
  }

  /** A load begins: its token. Every `begin` needs one {@link end}. */
  begin(): number {
    this.#open++;
    return this.#counter;
  }

  /** A load ended (after its last {@link isCurrent} check). */
  end(): void {
    this.#open--;
    if (this.#open === 0) this.#bySubject.clear();
  }

  /** `subject` was invalidated: loads of it (and listings covering it) begun before are old. */
  bump(subject: string): void {
    this.#counter++;
    if (this.#open > 0) this.#bySubject.set(subject, this.#counter);
  }

  /** Everything was invalidated. */
  bumpAll(): void {
    this.#all = ++this.#counter;
    this.#bySubject.clear();
  }

  /**
   * Whether a load that took `token` may still store its value: nothing it read was invalidated
   * since. A read is about one secret; a listing (`listing: true`) about every secret under
   * `subject`.
   */
  isCurrent(token: number, subject: string, listing: boolean): boolean {
    if (this.#all > token) return false;
    if (!listing) return (this.#bySubject.get(subject) ?? 0) <= token;
    for (const [bumped, generation] of this.#bySubject) {
      if (generation > token && (bumped === subject || covers(subject, bumped))) return false;
    }
    return true;
  }
}
