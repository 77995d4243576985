/** Options of a read as given (checked later): any object. */
type ReadOptions = { readonly [name: string]: unknown };

interface Node<T> {
  value?: T;
  next?: Map<string, Map<unknown, Node<T>>>;
}

/**
 * The most reads remembered. Past it the memo starts over rather than evicting one by one (it is
 * not an `lru-cache`): it holds results that are cheap to make again (a miss costs one parse),
 * and its lookups are on the hot path of reads with options, where a `Map` lookup costs less.
 */
export const MEMO_MAX = 10_000;

/**
 * Remembers what a read resolved to (its checked, normalised request and cache key), by
 * operation, path and then each option's name and value, so that a read seen before skips
 * normalising and key building, and the hot path skips option parsing too. A tree of maps rather
 * than a string key: building and hashing a new string on every read costs more than the rest of
 * a cached read. `keypath` and `default` are left out (they never change the cache key); reads
 * with an object-valued option or `forceFetch: true` are not remembered.
 */
export class ReadMemo<T> {
  readonly #gets = new Map<string, Node<T>>();
  readonly #lists = new Map<string, Node<T>>();
  #size = 0;

  /** What was remembered for this read (`get`) or listing (`list`), if anything. */
  get(operation: 'get' | 'list', path: string, options: ReadOptions | undefined): T | undefined {
    let node = (operation === 'get' ? this.#gets : this.#lists).get(path);
    if (node === undefined || options === undefined) return node?.value;
    // Not options at all (a number, a function, an array): the full parse rejects them.
    if (typeof options !== 'object' || Array.isArray(options)) return undefined;
    try {
      for (const name in options) {
        if (name === 'keypath' || name === 'default') continue;
        node = node.next?.get(name)?.get(options[name]);
        if (node === undefined) return undefined;
      }
    } catch {
      // Options that throw when read (a getter, a proxy): the full parse refuses them.
      return undefined;
    }
    return node.value;
  }

  /** Remembers `value` for this read, unless the read is not one to remember. */
  set(operation: 'get' | 'list', path: string, options: ReadOptions | undefined, value: T): void {
    if (options !== undefined && options !== null && !memorable(options)) return;
    if (this.#size >= MEMO_MAX) this.clear();
    const roots = operation === 'get' ? this.#gets : this.#lists;
    let node = roots.get(path);
    if (node === undefined) {
      node = {};
      roots.set(path, node);
    }
    for (const name in options) {
      if (name === 'keypath' || name === 'default') continue;
      node.next ??= new Map();
      let byValue = node.next.get(name);
      if (byValue === undefined) {
        byValue = new Map();
        node.next.set(name, byValue);
      }
      const option = (options as Record<string, unknown>)[name];
      let child = byValue.get(option);
      if (child === undefined) {
        child = {};
        byValue.set(option, child);
      }
      node = child;
    }
    if (node.value === undefined) this.#size++;
    node.value = value;
  }

  /** Calls `visit` with what was remembered for each read (`get`) of `path`, whatever its options. */
  visitReads(path: string, visit: (value: T) => void): void {
    const walk = (node: Node<T>): void => {
      if (node.value !== undefined) visit(node.value);
      for (const byValue of node.next?.values() ?? []) for (const child of byValue.values()) walk(child);
    };
    const root = this.#gets.get(path);
    if (root !== undefined) walk(root);
  }

  /** How many reads it remembers. */
  get size(): number {
    return this.#size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#gets.clear();
    this.#lists.clear();
    this.#size = 0;
  }
}

function memorable(options: ReadOptions): boolean {
  for (const name in options) {
    if (name === 'keypath' || name === 'default') continue;
    const value = options[name];
    if (name === 'forceFetch' && value === true) return false;
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  }
  return true;
}
