/**
 * What a coffer error keeps of a foreign `cause`: its class and name, its `code`, its HTTP status
 * and the SDK's retry counts, never its message or stack, since a backend may quote the value it
 * was sent (or holds) in either. So no value can reach `message`, `stack`, `util.inspect` or
 * `JSON.stringify` of a coffer error through its cause, whatever a provider passes.
 *
 * @example
 * ```ts
 * const error = new ProviderError('backend request failed', { cause: new Error('bad value hunter2') });
 * error.cause instanceof CauseSummary; // true
 * String(error.cause);                 // 'Error: (message withheld)'
 * ```
 */
export class CauseSummary extends Error {
  /** The class of the original error, such as `ThrottlingException` or `TypeError` (`name` is its name). */
  readonly errorClass: string;
  /** The original error's `code` (`ECONNRESET`, …), when it has a short one. */
  readonly code: string | undefined;
  /** The HTTP status of the response that failed, when known. */
  readonly status: number | undefined;
  /** The AWS SDK's numeric metadata (status, attempts, total retry delay), when present. */
  readonly $metadata: Readonly<Record<string, number>> | undefined;

  constructor(original: unknown, depth = 0) {
    const shape = (original !== null && typeof original === 'object' ? original : {}) as Record<string, unknown>;
    const errorClass = safeName(constructorName(original)) ?? typeof original;
    const name = safeName(shape.name) ?? errorClass;
    const code = safeName(shape.code) ?? (Number.isInteger(shape.code) ? String(shape.code) : undefined);
    const metadata = numbersOf(shape.$metadata, ['httpStatusCode', 'attempts', 'totalRetryDelay']);
    const status = metadata?.httpStatusCode ?? httpStatus(shape.statusCode) ?? httpStatus(shape.status);
    const parts = [errorClass !== name ? errorClass : undefined, code !== name ? code : undefined];
    if (status !== undefined) parts.push(`HTTP ${status}`);
    const summary = parts.filter((part) => part !== undefined).join(', ') || '(message withheld)';
    const inner = original instanceof Error && original.cause !== undefined && depth < 4 ? original.cause : undefined;
    super(summary, inner === undefined ? undefined : { cause: sanitizeCause(inner, depth + 1) });
    this.name = name;
    this.errorClass = errorClass;
    this.code = code;
    this.status = status;
    this.$metadata = metadata;
    // The original stack starts with its message: keep neither.
    this.stack = `${name}: ${summary}`;
  }
}

/** A cause as a coffer error keeps it: coffer's own errors as they are, anything else summarised. */
export function sanitizeCause(cause: unknown, depth = 0): Error {
  if (cause instanceof CauseSummary || isCofferErrorLike(cause)) return cause as Error;
  return new CauseSummary(cause, depth);
}

// CofferError lives in errors.ts, which imports this file: recognise it by its brand instead.
const COFFER_ERROR = Symbol.for('coffer.error');

/** Marks coffer's own errors, whose messages never hold a value. */
export function brandCofferError(error: Error): void {
  Object.defineProperty(error, COFFER_ERROR, { value: true });
}

function isCofferErrorLike(cause: unknown): boolean {
  return cause instanceof Error && (cause as unknown as Record<symbol, unknown>)[COFFER_ERROR] === true;
}

function constructorName(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return (value as { constructor?: { name?: unknown } }).constructor?.name;
  } catch {
    return undefined;
  }
}

/** A name or code as it may be shown: identifier-like and short, else nothing. */
function safeName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z_$][\w$.:-]{0,63}$/.test(value) ? value : undefined;
}

function httpStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

function numbersOf(value: unknown, names: readonly string[]): Record<string, number> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const out: Record<string, number> = {};
  for (const name of names) {
    const field = (value as Record<string, unknown>)[name];
    if (typeof field === 'number' && Number.isFinite(field)) out[name] = field;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
