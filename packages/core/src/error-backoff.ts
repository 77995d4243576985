import { type CofferError, ProviderError } from './errors.js';

interface Window {
  failures: number;
  until: number;
  error: CofferError;
}

const MAX_KEYS = 10_000;

/**
 * Back-off after transient errors, per key and per backend: after a failure, misses within a
 * window that grows with each further failure (base × growth^(failures − 1), at most max) do not
 * call the backend again. A key in its window fails fast with the error it last got; any key
 * while the backend is in its window fails fast with a transient `ProviderError` saying so. The
 * caller then serves stale when it can. A success resets the key's window and the backend's.
 */
export class ErrorBackoff {
  readonly #keys = new Map<string, Window>();
  #backend: Window | undefined;

  constructor(private readonly settings: { baseMs: number; growth: number; maxMs: number }) {}

  /** The error a miss of `key` fails fast with now, or `undefined` when it may call. */
  blocked(key: string, where: { provider: string; path: string }, now: number): CofferError | undefined {
    const own = this.#keys.get(key);
    if (own !== undefined && now < own.until) return own.error;
    const backend = this.#backend;
    if (backend === undefined || now >= backend.until) return undefined;
    const seconds = Math.ceil((backend.until - now) / 1000);
    // The backend's own failure, said again for this path, and that it was not called.
    return new ProviderError(`${withoutWhere(backend.error)}; not called again for ${seconds}s (back-off)`, {
      ...where,
      transient: true,
      cause: backend.error.cause ?? backend.error,
    });
  }

  /** A call for `key` failed; only transient failures open (or widen) the windows. */
  failed(key: string, error: unknown, now: number): void {
    if (!(error instanceof ProviderError) || !error.transient) return;
    if (this.#keys.size >= MAX_KEYS) this.#keys.clear();
    this.#keys.set(key, this.#widen(this.#keys.get(key), error, now));
    this.#backend = this.#widen(this.#backend, error, now);
  }

  /** A call for `key` worked. */
  succeeded(key: string): void {
    this.#keys.delete(key);
    this.#backend = undefined;
  }

  #widen(window: Window | undefined, error: CofferError, now: number): Window {
    const failures = (window?.failures ?? 0) + 1;
    const { baseMs, growth, maxMs } = this.settings;
    return { failures, until: now + Math.min(baseMs * growth ** (failures - 1), maxMs), error };
  }
}

/** An error's message without the ` (provider path)` its class appended. */
function withoutWhere(error: CofferError): string {
  const parts = [error.provider, error.path].filter((part) => part !== undefined && part !== '');
  const suffix = parts.length > 0 ? ` (${parts.join(' ')})` : '';
  return suffix && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
}
