import { didYouMean, readOptions, ValidationError } from '@coffer/core';

/**
 * Static AWS credentials, or what a credentials provider resolves to.
 *
 * @example
 * ```ts
 * const credentials: AwsCredentials = { accessKeyId: 'AKIA...', secretAccessKey: process.env.SECRET_KEY! };
 * ```
 */
export interface AwsCredentials {
  /** The access key id (safe to show: it names the key, it is not the secret). */
  readonly accessKeyId: string;
  /** The secret access key. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials. */
  readonly sessionToken?: string;
  /** When temporary credentials expire. */
  readonly expiration?: Date;
}

/**
 * A function resolving credentials, as the AWS SDK takes them (for example `fromIni()`).
 *
 * @example
 * ```ts
 * const credentials: AwsCredentialsProvider = async () => ({ accessKeyId: 'AKIA...', secretAccessKey: await readKey() });
 * ```
 */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/**
 * The role to assume through STS `AssumeRole`; its credentials sign every request.
 *
 * @example
 * ```ts
 * new ParameterStore({ assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/reader', externalId: 'abc' } });
 * ```
 */
export interface AssumeRoleOptions {
  /** The ARN of the role, `arn:aws:iam::123456789012:role/reader`. */
  roleArn: string;
  /**
   * The role session name (shows in CloudTrail).
   * @default 'coffer'
   */
  sessionName?: string;
  /** The external id the role's trust policy asks for. */
  externalId?: string;
  /**
   * How long the assumed credentials last, in seconds (900 to 43200). They are refreshed five
   * minutes before they expire.
   * @default 3600
   */
  durationSeconds?: number;
}

/**
 * The AWS options both `aws.ps` and `aws.sm` take.
 *
 * @example
 * ```ts
 * const options: AwsOptions = { region: 'eu-west-1', maxAttempts: 5, timeoutMs: 2000 };
 * new SecretsManager(options);
 * ```
 */
export interface AwsOptions {
  /** The region. @default the SDK's chain: `AWS_REGION`, the profile, instance metadata */
  region?: string;
  /** The endpoint URL, for a local emulator or a VPC endpoint. @default `AWS_ENDPOINT_URL`, else AWS */
  endpoint?: string;
  /** Credentials to sign with (or to assume the role with). @default the SDK's default chain */
  credentials?: AwsCredentials | AwsCredentialsProvider;
  /**
   * A role to assume; `false` to ignore `COFFER_AWS_ROLE_ARN`.
   * @default `{ roleArn: COFFER_AWS_ROLE_ARN }` when that variable is set, else none
   */
  assumeRole?: AssumeRoleOptions | false;
  /**
   * Total attempts per request (the first one included); throttling, 5xx, timeouts and network
   * errors are retried with jittered exponential back-off.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Per attempt: how long to wait for a connection and for the response, in milliseconds.
   * @default 5000
   */
  timeoutMs?: number;
}

/**
 * The option names of {@link AwsOptions}.
 *
 * @example
 * ```ts
 * AWS_OPTION_NAMES.includes('region'); // true
 * ```
 */
export const AWS_OPTION_NAMES: readonly string[] = ['region', 'endpoint', 'credentials', 'assumeRole', 'maxAttempts', 'timeoutMs'];

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * Checks constructor options before anything is sent: types, ranges, and no unknown names
 * (besides `extra`, the provider's own). Throws a `ValidationError`.
 *
 * @example
 * ```ts
 * checkAwsOptions({ region: 'eu-west-1', maxAttempts: 0 }, 'aws.ps'); // throws: maxAttempts must be an integer from 1 to 10
 * ```
 */
export function checkAwsOptions(options: unknown, provider: string, extra: readonly string[] = []): AwsOptions {
  if (options === undefined || options === null) return {};
  const fail = (message: string): never => {
    throw new ValidationError(message, { provider });
  };
  // Read once: an options object (or a nested one) that throws when read is a ValidationError.
  const given = readOptions(options, 'options', { provider });
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !AWS_OPTION_NAMES.includes(name) && !extra.includes(name))
      fail(`unknown option '${name}'${didYouMean(name, [...AWS_OPTION_NAMES, ...extra])}`);
  }
  const { region, endpoint, credentials, assumeRole, maxAttempts, timeoutMs } = given;
  if (region !== undefined && (typeof region !== 'string' || !/^[a-z0-9-]{1,50}$/.test(region)))
    fail('region must be a region name such as eu-west-1');
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !URL.canParse(endpoint) || !/^https?:/.test(endpoint)))
    fail('endpoint must be an http(s) URL');
  if (credentials !== undefined && typeof credentials !== 'function') {
    const creds =
      credentials !== null && typeof credentials === 'object' ? readOptions(credentials, 'credentials', { provider }) : undefined;
    if (!creds || typeof creds.accessKeyId !== 'string' || typeof creds.secretAccessKey !== 'string')
      fail('credentials must be { accessKeyId, secretAccessKey, sessionToken? } or a credentials provider function');
  }
  if (assumeRole !== undefined && assumeRole !== false) checkAssumeRole(assumeRole, fail);
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1 || (maxAttempts as number) > 10))
    fail('maxAttempts must be an integer from 1 to 10');
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1 || (timeoutMs as number) > 600_000))
    fail('timeoutMs must be an integer number of milliseconds from 1 to 600000');
  return options as AwsOptions;
}

function checkAssumeRole(value: unknown, fail: (message: string) => never): void {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    fail('assumeRole must be { roleArn, sessionName?, externalId?, durationSeconds? }');
  const role = readOptions(value, 'assumeRole');
  for (const name of Object.keys(role)) {
    if (!['roleArn', 'sessionName', 'externalId', 'durationSeconds'].includes(name)) fail(`unknown assumeRole option '${name}'`);
  }
  if (typeof role.roleArn !== 'string' || !ROLE_ARN.test(role.roleArn))
    fail('assumeRole.roleArn must be a role ARN like arn:aws:iam::123456789012:role/name');
  if (role.sessionName !== undefined && (typeof role.sessionName !== 'string' || !SESSION_NAME.test(role.sessionName)))
    fail('assumeRole.sessionName must be 2 to 64 characters of letters, digits and +=,.@_-');
  if (role.externalId !== undefined && (typeof role.externalId !== 'string' || !/^[\w+=,.@:/-]{2,1224}$/.test(role.externalId)))
    fail('assumeRole.externalId must be 2 to 1224 characters of letters, digits and +=,.@:/_-');
  const duration = role.durationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || (duration as number) < 900 || (duration as number) > 43_200))
    fail('assumeRole.durationSeconds must be an integer from 900 to 43200');
}
