import { awsErrorHint } from './error-hints.js';
import { type CofferError, isCofferError, ProviderError, SecretNotFoundError, ValidationError } from '@coffer/core';
import { isDamagedResponse } from './damaged-response.js';

const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound', 'ResourceNotFoundException']);
const INVALID = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'ParameterPatternMismatchException',
  'HierarchyLevelLimitExceededException',
  'HierarchyTypeMismatchException',
  'InvalidAllowedPatternException',
  'InvalidFilterKey',
  'InvalidFilterOption',
  'InvalidFilterValue',
  'InvalidNextToken',
  'UnsupportedParameterType',
  'MalformedPolicyDocumentException',
]);
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'TooManyUpdates',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);
const SERVER = new Set([
  'InternalServerError',
  'InternalServiceError',
  'InternalFailure',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown; totalRetryDelay?: unknown };
  $retryable?: unknown;
}

// An error name is shown only when it reads as one: a backend can put any text in `__type`.
const NAME_SHAPE = /^[A-Z][A-Za-z0-9]{1,63}(Exception|Error|Failure|Fault|NotFound|Denied|Expired|Exceeded|Throttled|Throttling|Timeout)$/;
const KNOWN_NAMES = new Set([...NOT_FOUND, ...INVALID, ...THROTTLING, ...SERVER, ...EXPIRED, 'SyntaxError', 'TypeError', 'Error']);

function safeName(name: unknown): string {
  if (typeof name !== 'string') return 'UnknownError';
  return KNOWN_NAMES.has(name) || NAME_SHAPE.test(name) ? name : 'UnknownError';
}

function describe(error: unknown): { name: string; code: string; status: number | undefined; fault: unknown; retryable: boolean } {
  const shape = (error && typeof error === 'object' ? error : {}) as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : typeof error;
  // Only Node's own network codes count: a code is never read out of a message.
  const code = typeof shape.code === 'string' && NETWORK_CODES.has(shape.code) ? shape.code : '';
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  return { name, code, status, fault: shape.$fault, retryable: Boolean(shape.$retryable) };
}

/**
 * What of an SDK error may travel inside a coffer error: its name (when it reads as an error
 * name), network code, fault side, HTTP status and attempt count. Never its message, stack or
 * response, which may quote the request or the body, and so a value.
 */
function summary(error: unknown): Error {
  const { name, code, status, fault } = describe(error);
  const shown = safeName(name);
  const metadata = (error as SdkErrorShape | null)?.$metadata;
  const copy = new Error(code ? `${shown} (${code})` : shown);
  copy.name = shown;
  const numbers = {
    ...(status === undefined ? {} : { httpStatusCode: status }),
    ...(typeof metadata?.attempts === 'number' ? { attempts: metadata.attempts } : {}),
    ...(typeof metadata?.totalRetryDelay === 'number' ? { totalRetryDelay: metadata.totalRetryDelay } : {}),
  };
  return Object.assign(copy, {
    ...(code ? { code } : {}),
    ...(fault === 'client' || fault === 'server' ? { $fault: fault } : {}),
    $metadata: numbers,
    stack: `${copy.name}: ${copy.message}`,
  });
}

/**
 * Whether an AWS error may go away by itself: throttling, a 5xx, a timeout or a network failure.
 *
 * @example
 * ```ts
 * isTransientAwsError(Object.assign(new Error('x'), { name: 'ThrottlingException' })); // true
 * ```
 */
export function isTransientAwsError(error: unknown): boolean {
  const { name, code, status, fault, retryable } = describe(error);
  if (THROTTLING.has(name) || THROTTLING.has(code) || SERVER.has(name) || retryable) return true;
  if (name === 'TimeoutError' || name === 'AbortError' || NETWORK_CODES.has(code)) return true;
  if (isDamagedResponse(error)) return true;
  if (status !== undefined) return status >= 500 || status === 429;
  return fault === 'server';
}

/**
 * Whether AWS refused the request because the (assumed) session token expired.
 *
 * @example
 * ```ts
 * if (isExpiredTokenError(error)) await credentials.refresh();
 * ```
 */
export function isExpiredTokenError(error: unknown): boolean {
  const { name, code } = describe(error);
  return EXPIRED.has(name) || EXPIRED.has(code);
}

/**
 * The one mapping of AWS SDK errors to coffer errors: not-found → `SecretNotFoundError`,
 * invalid input → `ValidationError`, anything else → `ProviderError` (transient for throttling,
 * 5xx, timeouts, network failures and damaged responses; not for access denied, KMS or expired
 * credentials). The `cause` is a summary of the SDK error (name, network code, HTTP status,
 * attempts), never the SDK error itself: AWS may quote input, and a damaged body a value, in its
 * message or response.
 *
 * @example
 * ```ts
 * try {
 *   await ssm.send(new GetParameterCommand({ Name: path }));
 * } catch (error) {
 *   throw mapAwsError(error, { provider: 'aws.ps', path });
 * }
 * ```
 */
export function mapAwsError(error: unknown, where: { provider: string; path?: string }): CofferError {
  if (isCofferError(error)) return error;
  const { name, code, status } = describe(error);
  const context = { provider: where.provider, cause: summary(error), ...(where.path === undefined ? {} : { path: where.path }) };
  if (NOT_FOUND.has(name)) return new SecretNotFoundError('Secret not found', context);
  if (INVALID.has(name)) return new ValidationError(`AWS rejected the request as invalid (${name})`, context);
  const hint = awsErrorHint(error, where.provider);
  if (hint) return new ProviderError(hint.message, { ...context, transient: isTransientAwsError(error), failure: hint.failure });
  const http = status === undefined ? '' : `, HTTP ${status}`;
  if (isDamagedResponse(error)) return new ProviderError(`AWS sent a damaged response${http}`, { ...context, transient: true });
  const label = safeName(name) === 'Error' && code ? code : safeName(name);
  return new ProviderError(`AWS request failed (${label}${http})`, { ...context, transient: isTransientAwsError(error) });
}
