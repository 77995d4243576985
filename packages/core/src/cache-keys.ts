import { DECODE_MODES, variantsOf } from './invalidation.js';
import { optionsKey } from './options.js';
import type { Operation, Provider, ReadRequest } from './provider.js';

/**
 * The cache keys of one client: everything that changes an answer is in its key (provider name
 * and scope, operation and listing shape, decode mode, provider options, path).
 */
export class CacheKeys {
  /** Provider name and scope: keeps clients apart in a shared cache. */
  readonly namespace: string;

  constructor(private readonly provider: Provider) {
    this.namespace = `${provider.name}\u0000${provider.scope ?? ''}`;
  }

  /** The key of one read (`shape` `''`) or listing (`shape` `'r'` recursive, `'n'` one level). */
  of(operation: Operation, shape: string, decode: string, request: ReadRequest): string {
    return `${this.namespace}\u0000${operation}${shape}\u0000${decode}\u0000${optionsKey(request.options)}\u0000${request.path}`;
  }

  /**
   * The keys under which the usual reads of `subject`, and listings covering it, are stored: an
   * invalidation drops them too, to reach what other processes stored in a shared cache.
   */
  variants(subject: string): string[] {
    const keys: string[] = [];
    for (const { operation, request, shapes } of variantsOf(this.provider, subject)) {
      for (const shape of shapes) for (const decode of DECODE_MODES) keys.push(this.of(operation, shape, decode, request));
    }
    return keys;
  }
}
