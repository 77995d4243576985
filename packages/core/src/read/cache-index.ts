import { growingLru } from '../growing-lru.js';

/**
 * How many secrets (and listings) a client keeps the keys of. The index finds the unusual
 * variants of a secret (provider options such as a label) that an update must drop too; the
 * usual ones (every decode, the provider's default options) are dropped whether indexed or not,
 * and read-your-writes holds in this process whatever the index forgot (`Store.usable`).
 */
export const INDEX_MAX = 10_000;

/**
 * What a client has stored, by the secret it is about, so that an update can remove every
 * variant of a key (each decode, decrypt, version) and every listing that covers it. Bounded
 * (`lru-cache`): the secrets stored least recently are forgotten first.
 */
export class CacheIndex {
  readonly #reads = growingLru<string, Set<string>>(INDEX_MAX);
  /** Listing keys, each with the path it lists. */
  readonly #listings = growingLru<string, string>(INDEX_MAX);

  /** Records a read entry about `subject`. */
  addRead(subject: string, key: string): void {
    let keys = this.#reads.get(subject);
    if (!keys) {
      keys = new Set();
      this.#reads.set(subject, keys);
    }
    keys.add(key);
  }

  /** Records a listing entry of the secrets under `prefix`. */
  addListing(prefix: string, key: string): void {
    this.#listings.set(key, prefix);
  }

  /** Every recorded key that may hold a value of `subject`; they are forgotten. */
  take(subject: string): string[] {
    const keys = [...(this.#reads.get(subject) ?? [])];
    this.#reads.delete(subject);
    const listings: string[] = [];
    for (const [key, prefix] of this.#listings.entries()) if (covers(prefix, subject)) listings.push(key);
    // Deleted after the walk: lru-cache's iterators follow links a delete changes.
    for (const key of listings) this.#listings.delete(key);
    keys.push(...listings);
    return keys;
  }

  /** Every recorded key; they are forgotten. */
  takeAll(): string[] {
    const keys = [...this.#listings.keys()];
    for (const set of this.#reads.values()) keys.push(...set);
    this.#reads.clear();
    this.#listings.clear();
    return keys;
  }

  /** How many secrets and listings it holds keys of. */
  get size(): number {
    return this.#reads.size + this.#listings.size;
  }
}

/**
 * Whether a listing of `prefix` may include `subject`. Prefix listings (Secrets Manager) match
 * on the string, the name equal to the prefix included, so this errs on the side of invalidating
 * a sibling such as `/a/bc` for `/a/b`, or a hierarchical listing of `/a/b` for `/a/b` itself.
 */
export function covers(prefix: string, subject: string): boolean {
  const bare = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return subject.startsWith(bare);
}

/**
 * The prefixes whose listings may hold `subject`: `/`, `/a`, `/a/b` and `/a/b/c` itself for
 * `/a/b/c` (and `/a/`, …); a prefix listing of a name holds that name.
 */
export function ancestors(subject: string): string[] {
  const out: string[] = [subject];
  if (subject.startsWith('/')) out.push('/');
  for (let i = subject.indexOf('/', 1); i > 0; i = subject.indexOf('/', i + 1)) {
    out.push(subject.slice(0, i), subject.slice(0, i + 1));
  }
  return out;
}
