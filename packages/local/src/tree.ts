import type { RawSecret } from '@coffer/core';

/** A parsed file: nested plain objects whose leaves are text, numbers, booleans, null or arrays. */
export type Tree = Record<string, unknown>;

/** Whether a node is a folder (a plain object) rather than a leaf. */
export function isFolder(node: unknown): node is Tree {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/** `/a/b/` → `['a', 'b']`; `/` → `[]`. */
export function segmentsOf(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** The canonical name of a node: `/a/b`. */
export function nameOf(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/**
 * Sets `key` on `folder` as its own data property. A plain `folder[key] = value` would, for the
 * key `__proto__`, replace the object's prototype instead (or, walked through, reach
 * `Object.prototype` itself): keys such as `__proto__`, `constructor` and `prototype` are data here.
 */
export function setOwn(folder: Tree, key: string, value: unknown): void {
  Object.defineProperty(folder, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The child `key` of `folder` when it is the folder's own, else `undefined` (never an inherited one). */
export function ownChild(folder: Tree, key: string): unknown {
  return Object.hasOwn(folder, key) ? folder[key] : undefined;
}

/** The node at a path, or `undefined`. Arrays are leaves: a path never walks into them. */
export function walk(tree: Tree, segments: readonly string[]): unknown {
  let node: unknown = tree;
  for (const segment of segments) {
    if (!isFolder(node)) return undefined;
    node = ownChild(node, segment);
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * A node as the client expects it: text stays text, numbers and booleans become their text (a
 * password never turns into a number), null is empty, folders and arrays are JSON.
 */
export function toRaw(node: unknown): RawSecret {
  if (typeof node === 'string') return { value: node };
  if (node === null || node === undefined) return { value: '' };
  if (typeof node === 'object') return { value: JSON.stringify(node) };
  return { value: String(node) };
}

/** Every leaf under a folder, keyed by full name; only the folder's own leaves when not recursive. */
export function leaves(folder: Tree, segments: readonly string[], recursive: boolean, out: Record<string, RawSecret> = {}) {
  for (const key of Object.keys(folder)) {
    if (key === '' || key.includes('/')) continue; // not addressable by a path
    const node = folder[key];
    const path = [...segments, key];
    if (isFolder(node)) {
      if (recursive) leaves(node, path, true, out);
    } else {
      out[nameOf(path)] = toRaw(node);
    }
  }
  return out;
}
