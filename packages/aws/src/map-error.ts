import { type CofferError, isCofferError, ProviderError, type ProviderFailure, SecretNotFoundError, ValidationError } from '@coffer/core';
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
/** Refusals of the caller's IAM policy (a KMS key's is told apart: it is about the value's key). */
export const DENIED: ReadonlySet<string> = new Set(['AccessDeniedException', 'AccessDenied', 'AuthorizationError']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; attempts?: unknown; totalRetryDelay?: unknown };
  $retryable?: unknown;
}

// An error name is shown only when it reads as one: a backend can put any text in `__type`.
const NAME_SHAPE = /^[A-Z][A-Za-z0-9]{1,63}(Exception|Error|Failure|Fault|NotFound|Denied|Expired|Exceeded|Throttled|Throttling|Timeout)$/;
const KNOWN_NAMES = new Set([
  ...NOT_FOUND,
  ...INVALID,
  ...THROTTLING,
  ...SERVER,
  ...EXPIRED,
  ...DENIED,
  'SyntaxError',
  'TypeError',
  'Error',
]);

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
 * What kind of refusal an AWS error is, for a provider that acts on it: `not-found` (the name or
 * version does not exist), `invalid`, `throttled` (a throttling name, or HTTP 429), `denied` (the
 * caller's IAM policy), `expired` (the session token), else `other`. The one place that reads AWS
 * error names; `mapAwsError` turns the same kinds into coffer errors.
 *
 * @example
 * ```ts
 * if (awsErrorKind(error) === 'not-found') return undefined;
 * ```
 */
export function awsErrorKind(error: unknown): AwsErrorKind {
  const { name, code, status } = describe(error);
  if (NOT_FOUND.has(name)) return 'not-found';
  if (INVALID.has(name)) return 'invalid';
  if (THROTTLING.has(name) || status === 429) return 'throttled';
  if (DENIED.has(name) || DENIED.has(code)) return 'denied';
  if (EXPIRED.has(name) || EXPIRED.has(code)) return 'expired';
  return 'other';
}

/**
 * The kinds of {@link awsErrorKind}.
 *
 * @example
 * ```ts
 * const kind: AwsErrorKind = 'throttled';
 * ```
 */
export type AwsErrorKind = 'not-found' | 'invalid' | 'throttled' | 'denied' | 'expired' | 'other';

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
  return awsErrorKind(error) === 'expired';
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
  const kind = awsErrorKind(error);
  const context = { provider: where.provider, cause: summary(error), ...(where.path === undefined ? {} : { path: where.path }) };
  if (kind === 'not-found') return new SecretNotFoundError('Secret not found', context);
  if (kind === 'invalid') return new ValidationError(`AWS rejected the request as invalid (${name})`, context);
  const hint = awsErrorHint(error, where.provider);
  if (hint) return new ProviderError(hint.message, { ...context, transient: isTransientAwsError(error), failure: hint.failure });
  const http = status === undefined ? '' : `, HTTP ${status}`;
  if (isDamagedResponse(error)) return new ProviderError(`AWS sent a damaged response${http}`, { ...context, transient: true });
  const label = safeName(name) === 'Error' && code ? code : safeName(name);
  return new ProviderError(`AWS request failed (${label}${http})`, { ...context, transient: isTransientAwsError(error) });
}

/**
 * A one-line fix for an AWS failure, and what kind of failure it is.
 *
 * @example
 * ```ts
 * const hint: AwsErrorHint = { message: 'no AWS region is set: ...', failure: 'configuration' };
 * ```
 */
export interface AwsErrorHint {
  /** What happened and the setting or permission to change. Never a value, never AWS's own text. */
  readonly message: string;
  /** `configuration` for a missing setting (nothing was sent), else what failed. */
  readonly failure: ProviderFailure;
}

const REGION = 'no AWS region is set: set AWS_REGION (or region in your AWS profile), pass the region option, or use --region with the CLI';
const CREDENTIALS =
  'no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE, pass the credentials option, or run with an IAM role';
const EXPIRED_HINT =
  'the AWS credentials have expired: renew them (aws sso login, a fresh AWS_SESSION_TOKEN), or let coffer assume a role with the assumeRole option';
const REJECTED = 'AWS rejected the credentials: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile) and the region';
const UNREACHABLE =
  'cannot reach the AWS endpoint: check the endpoint option (AWS_ENDPOINT_URL, CLI --endpoint), the region, the network and any proxy';

// The network failures that mean the endpoint cannot be reached (a refused or reset connection too).
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'ECONNRESET',
]);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);
const EXPIRED_NAMES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
// An IAM action as AWS names it in a denial ("... is not authorized to perform: ssm:GetParameters ...").
const ACTION = /not authorized to perform:? ([a-z0-9-]{2,30}:[A-Za-z0-9*]{2,80})\b/;

/** The permissions each provider's calls need, for a denial whose action AWS does not name. */
const PERMISSIONS: Readonly<Record<string, string>> = {
  'aws.ps': 'ssm:GetParameters (reads), ssm:GetParametersByPath (listings), ssm:PutParameter (updates), kms:Decrypt (SecureString)',
  'aws.sm':
    'secretsmanager:GetSecretValue and secretsmanager:BatchGetSecretValue (reads), secretsmanager:PutSecretValue (updates), kms:Decrypt',
};

/**
 * The fix for a failure of an AWS call: a missing region or credentials, credentials AWS
 * rejected or that expired, an endpoint that cannot be reached, or a denied permission (named
 * when AWS names it). `undefined` for any other failure.
 *
 * @example
 * ```ts
 * awsErrorHint(new Error('Region is missing'), 'aws.ps')?.message; // 'no AWS region is set: set AWS_REGION ...'
 * ```
 */
export function awsErrorHint(error: unknown, provider: string): AwsErrorHint | undefined {
  // Duck-typed: SDK errors may come from another realm (a jest sandbox, a worker).
  if (error === null || typeof error !== 'object') return undefined;
  const shape = error as { name?: unknown; code?: unknown; message?: unknown };
  const name = typeof shape.name === 'string' ? shape.name : '';
  const code = typeof shape.code === 'string' ? shape.code : '';
  const text = typeof shape.message === 'string' ? shape.message : '';
  if (/^Region is missing\b/.test(text)) return { message: REGION, failure: 'configuration' };
  if (name === 'CredentialsProviderError' || /^Could not load credentials from any providers/.test(text)) {
    return { message: CREDENTIALS, failure: 'configuration' };
  }
  if (EXPIRED_NAMES.has(name) || EXPIRED_NAMES.has(code)) return { message: EXPIRED_HINT, failure: 'credentials' };
  if (BAD_CREDENTIALS.has(name)) return { message: REJECTED, failure: 'credentials' };
  if (DENIED.has(name) || DENIED.has(code) || name === 'KMSAccessDeniedException') {
    const action = ACTION.exec(text)?.[1];
    const needed = action ?? PERMISSIONS[provider] ?? 'the IAM permission of this call';
    return { message: `access denied: the caller's IAM policy needs ${needed}`, failure: 'permission' };
  }
  const network = UNREACHABLE_CODES.has(code) ? code : (/\b(E[A-Z]{4,})\b/.exec(text)?.[1] ?? '');
  if (UNREACHABLE_CODES.has(network) || name === 'TimeoutError') {
    return { message: `${UNREACHABLE} (${network || name})`, failure: 'network' };
  }
  return undefined;
}
