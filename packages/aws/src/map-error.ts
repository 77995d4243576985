import { type CofferError, isCofferError, ProviderError, SecretNotFoundError, ValidationError } from '@coffer/core';

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
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

function describe(error: unknown): { name: string; code: string; status: number | undefined; fault: unknown; retryable: boolean } {
  const shape = (error && typeof error === 'object' ? error : {}) as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : typeof error;
  let code = typeof shape.code === 'string' ? shape.code : '';
  // A Node error from another realm (a jest sandbox, say) reaches us wrapped by the SDK, its code only in the message.
  if (!code && error instanceof Error)
    code = /\b(E[A-Z]{3,})\b/.exec(error.message)?.[1] ?? (/socket hang up/.test(error.message) ? 'ECONNRESET' : '');
  return { name, code, status: shape.$metadata?.httpStatusCode, fault: shape.$fault, retryable: Boolean(shape.$retryable) };
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
 * 5xx, timeouts and network failures; not for access denied, KMS or expired credentials). The
 * SDK error is the `cause`; its message is never repeated, since AWS may quote input in it.
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
  const context = { provider: where.provider, cause: error, ...(where.path === undefined ? {} : { path: where.path }) };
  if (NOT_FOUND.has(name)) return new SecretNotFoundError('Secret not found', context);
  if (INVALID.has(name)) return new ValidationError(`AWS rejected the request as invalid (${name})`, context);
  const label = name === 'Error' && code ? code : name;
  const http = status === undefined ? '' : `, HTTP ${status}`;
  return new ProviderError(`AWS request failed (${label}${http})`, { ...context, transient: isTransientAwsError(error) });
}
