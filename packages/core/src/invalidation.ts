import { ancestors } from './read/cache-index.js';
import type { NormalizedRequest, Provider } from './provider.js';

/** One family of cache keys to drop: an operation, its request, and the key shapes it comes in. */
export interface Variant {
  operation: 'get' | 'list';
  request: NormalizedRequest;
  /** `''` for reads; `'r'` and `'n'` for recursive and one-level listings. */
  shapes: readonly string[];
}

/**
 * The usual requests whose cached answers may hold `subject`: its reads under every combination
 * of the provider's boolean read options, and the listings of every ancestor path. A client uses
 * them, beside the keys it stored itself, to reach entries other processes stored in a shared
 * cache.
 */
export function variantsOf(provider: Provider, subject: string): Variant[] {
  const out: Variant[] = [];
  const add = (operation: 'get' | 'list', path: string, shapes: readonly string[]) => {
    const booleans = Object.entries(provider.options?.[operation] ?? {}).filter(([, type]) => type === 'boolean');
    let combos: Record<string, unknown>[] = [{}];
    for (const [name] of booleans) combos = combos.flatMap((combo) => [combo, { ...combo, [name]: true }, { ...combo, [name]: false }]);
    for (const combo of combos) {
      try {
        out.push({
          operation,
          request: provider.normalize ? provider.normalize(operation, path, combo) : { path, options: combo },
          shapes,
        });
      } catch {
        // Not a valid request for this provider (an ancestor too short, say): nothing cached under it.
      }
    }
  };
  add('get', subject, ['']);
  if (provider.list) for (const prefix of ancestors(subject)) add('list', prefix, ['r', 'n']);
  return out;
}

/** The decode modes, each cached apart. */
export const DECODE_MODES = ['auto', 'json', 'raw'] as const;
