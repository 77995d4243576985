import type { ProviderFailure } from '@coffer/core';

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
const EXPIRED =
  'the AWS credentials have expired: renew them (aws sso login, a fresh AWS_SESSION_TOKEN), or let coffer assume a role with the assumeRole option';
const REJECTED = 'AWS rejected the credentials: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile) and the region';
const UNREACHABLE =
  'cannot reach the AWS endpoint: check the endpoint option (AWS_ENDPOINT_URL, CLI --endpoint), the region, the network and any proxy';

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ETIMEDOUT', 'ECONNRESET']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'AuthorizationError', 'KMSAccessDeniedException']);
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
  if (EXPIRED_NAMES.has(name) || EXPIRED_NAMES.has(code)) return { message: EXPIRED, failure: 'credentials' };
  if (BAD_CREDENTIALS.has(name)) return { message: REJECTED, failure: 'credentials' };
  if (DENIED.has(name) || DENIED.has(code)) {
    const action = ACTION.exec(text)?.[1];
    const needed = action ?? PERMISSIONS[provider] ?? 'the IAM permission of this call';
    return { message: `access denied: the caller's IAM policy needs ${needed}`, failure: 'permission' };
  }
  const network = NETWORK.has(code) ? code : (/\b(E[A-Z]{4,})\b/.exec(text)?.[1] ?? '');
  if (NETWORK.has(network) || name === 'TimeoutError') {
    return { message: `${UNREACHABLE} (${network || name})`, failure: 'network' };
  }
  return undefined;
}
