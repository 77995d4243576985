import { brandCofferError, sanitizeCause } from './error-cause.js';

/**
 * The error hierarchy of coffer. Every error a coffer API throws extends {@link CofferError}
 * and carries a string `code`. Messages name the provider and the path, never a value.
 */

/**
 * The string codes of coffer's errors.
 * @example
 * ```ts
 * if ((error as CofferError).code === 'SECRET_NOT_FOUND') return undefined;
 * ```
 */
export type ErrorCode =
  | 'SECRET_NOT_FOUND'
  | 'INVALID_INPUT'
  | 'DECODE_ERROR'
  | 'PROVIDER_ERROR'
  | 'UNKNOWN_PROVIDER'
  | 'UNSUPPORTED'
  | 'CACHE_ERROR';

/**
 * Where an error happened: the provider name and the path, both safe to show.
 * @example
 * ```ts
 * throw new SecretNotFoundError('Secret not found', { provider: 'vault', path: 'kv/app' });
 * ```
 */
export interface ErrorContext {
  /** The provider name, such as `aws.ps`. */
  provider?: string;
  /** The path (a name, never a value). */
  path?: string;
  /**
   * The underlying error, kept for debugging as a {@link CauseSummary}: its class, name, code and
   * HTTP status, never its message or stack (they could quote a value). coffer's own errors are
   * kept as they are.
   */
  cause?: unknown;
}

function where(context: ErrorContext): string {
  if (context.provider && context.path) return ` (${context.provider} ${context.path})`;
  if (context.provider) return ` (${context.provider})`;
  if (context.path) return ` (${context.path})`;
  return '';
}

/**
 * The base class of every coffer error.
 *
 * @example
 * ```ts
 * try {
 *   await get('aws.ps', '/prod/db/host');
 * } catch (error) {
 *   if (error instanceof CofferError) console.error(error.code, error.message);
 * }
 * ```
 */
export class CofferError extends Error {
  /** A stable, machine-readable code. */
  readonly code: ErrorCode;
  /** The provider the error is about, when known. */
  readonly provider: string | undefined;
  /** The path the error is about, when known. */
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    super(`${message}${where(context)}`, context.cause === undefined ? undefined : { cause: sanitizeCause(context.cause) });
    brandCofferError(this);
    this.name = new.target.name;
    this.code = code;
    this.provider = context.provider;
    this.path = context.path;
  }

  /**
   * `instanceof` holds across copies of this package in one process (its CommonJS and its ESM
   * build, or two installed versions): an error is an instance of a coffer error class when its
   * prototype chain has a coffer class of that name.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, often a subclass.
    const target = this as unknown as { name: string };
    if (Function.prototype[Symbol.hasInstance].call(target, value)) return true;
    if (!(value instanceof Error) || typeof (value as { code?: unknown }).code !== 'string') return false;
    const names: string[] = [];
    for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
      if (Object.hasOwn(proto, 'constructor')) names.push((proto.constructor as { name: string }).name);
    }
    return names.includes('CofferError') && names.includes(target.name);
  }
}

/**
 * The secret (or the key inside it) does not exist.
 *
 * @example
 * ```ts
 * await get('aws.sm', 'prod/db', { keypath: ['nope'] }); // throws SecretNotFoundError
 * ```
 */
export class SecretNotFoundError extends CofferError {
  constructor(message = 'Secret not found', context: ErrorContext = {}) {
    super('SECRET_NOT_FOUND', message, context);
  }
}

/**
 * Bad input (a path, an option, a value), rejected before any network call.
 *
 * @example
 * ```ts
 * await get('aws.ps', ''); // throws ValidationError: path must be a non-empty string
 * ```
 */
export class ValidationError extends CofferError {
  constructor(message: string, context: ErrorContext = {}) {
    super('INVALID_INPUT', message, context);
  }
}

/**
 * A value could not be decoded as asked (`decode: 'json'` on text that is not JSON, or a
 * keypath into a value that is not a JSON object or array).
 *
 * @example
 * ```ts
 * await get('memory', '/plain', { decode: 'json' }); // throws DecodeError
 * ```
 */
export class DecodeError extends CofferError {
  constructor(message: string, context: ErrorContext = {}) {
    super('DECODE_ERROR', message, context);
  }
}

/**
 * Options of a {@link ProviderError}.
 * @example
 * ```ts
 * throw new ProviderError('backend unavailable', { provider: 'vault', path: 'kv/app', cause: error, transient: true });
 * ```
 */
export interface ProviderErrorContext extends ErrorContext {
  /**
   * Whether the failure may go away by itself (network, timeout, throttling, 5xx). Only
   * transient failures let the client serve a stale value.
   * @default true
   */
  transient?: boolean;
  /**
   * What failed, when the provider knows: a missing setting, credentials, a permission, the
   * network. The CLI exits with 2 for `configuration`, as for other input it cannot act on.
   */
  failure?: ProviderFailure;
}

/**
 * What a {@link ProviderError} is about: `configuration` (a setting is missing, such as the AWS
 * region or any credentials: nothing was sent), `credentials` (rejected or expired),
 * `permission` (access denied), `network` (the endpoint cannot be reached).
 * @example
 * ```ts
 * if (error instanceof ProviderError && error.failure === 'configuration') process.exitCode = 2;
 * ```
 */
export type ProviderFailure = 'configuration' | 'credentials' | 'permission' | 'network';

/**
 * The backend failed; the backend's error is the `cause`.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof ProviderError && error.transient) retryLater(); }
 * ```
 */
export class ProviderError extends CofferError {
  /** Whether the failure may go away by itself; see {@link ProviderErrorContext.transient}. */
  readonly transient: boolean;
  /** What failed, when known; see {@link ProviderFailure}. */
  readonly failure: ProviderFailure | undefined;
  constructor(message: string, context: ProviderErrorContext = {}) {
    super('PROVIDER_ERROR', message, context);
    this.transient = context.transient ?? true;
    this.failure = context.failure;
  }
}

/**
 * No provider is registered under that name.
 *
 * @example
 * ```ts
 * await get('vault', 'x'); // throws UnknownProviderError
 * ```
 */
export class UnknownProviderError extends CofferError {
  constructor(message: string, context: ErrorContext = {}) {
    super('UNKNOWN_PROVIDER', message, context);
  }
}

/**
 * The provider lacks that operation (for example `update` on the `env` provider).
 *
 * @example
 * ```ts
 * await update('env', 'HOME', '/tmp'); // throws UnsupportedError
 * ```
 */
export class UnsupportedError extends CofferError {
  constructor(message: string, context: ErrorContext = {}) {
    super('UNSUPPORTED', message, context);
  }
}

/**
 * A cache adapter failed in a way it could not degrade from (reads degrade to misses instead).
 *
 * @example
 * ```ts
 * throw new CacheError('cannot open the cache database', { cause: error });
 * ```
 */
export class CacheError extends CofferError {
  constructor(message: string, context: ErrorContext = {}) {
    super('CACHE_ERROR', message, context);
  }
}

/**
 * Whether an error is a {@link CofferError} with the given code.
 *
 * @example
 * ```ts
 * if (isCofferError(error, 'SECRET_NOT_FOUND')) return undefined;
 * ```
 */
export function isCofferError(error: unknown, code?: ErrorCode): error is CofferError {
  return error instanceof CofferError && (code === undefined || error.code === code);
}
