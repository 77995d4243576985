import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { StandardRetryStrategy } from '@smithy/util-retry';
import { assumeRoleCredentials, type RoleCredentials } from './assume-role.js';
import { AttemptDeadlineHandler } from './attempt-deadline.js';
import type { AssumeRoleOptions, AwsCredentials, AwsCredentialsProvider, AwsOptions } from './options.js';
import { awsRetryStrategy } from './retry-strategy.js';

/**
 * The configuration `awsClientConfig` makes, ready for `new SSMClient(config)` or any SDK v3 client.
 *
 * @example
 * ```ts
 * const config: AwsClientConfig = awsClientConfig({ region: 'eu-west-1' });
 * ```
 */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: AwsCredentials | AwsCredentialsProvider;
  maxAttempts: number;
  retryStrategy: StandardRetryStrategy;
  requestHandler: AttemptDeadlineHandler;
}

/**
 * Defaults of {@link AwsOptions}.
 *
 * @example
 * ```ts
 * AWS_DEFAULTS.timeoutMs; // 5000
 * ```
 */
export const AWS_DEFAULTS = { maxAttempts: 3, timeoutMs: 5000, sessionName: 'coffer', durationSeconds: 3600 } as const;

/**
 * The role an instance assumes: its `assumeRole` option, else `COFFER_AWS_ROLE_ARN`, unless
 * `assumeRole: false`.
 *
 * @example
 * ```ts
 * effectiveRole({}); // { roleArn: process.env.COFFER_AWS_ROLE_ARN } when set
 * ```
 */
export function effectiveRole(options: AwsOptions): AssumeRoleOptions | undefined {
  if (options.assumeRole === false) return undefined;
  if (options.assumeRole) return options.assumeRole;
  const fromEnv = process.env.COFFER_AWS_ROLE_ARN;
  return fromEnv ? { roleArn: fromEnv } : undefined;
}

/**
 * Maps coffer's AWS options onto an SDK client configuration: region and endpoint (else the
 * SDK's own chain and `AWS_ENDPOINT_URL`), credentials (assumed through STS when a role is set,
 * cached and refreshed before expiry), `maxAttempts` total attempts with the SDK's standard
 * retry strategy (jittered exponential back-off, throttling and damaged responses included, each
 * delay at most `timeoutMs / 4`) and `timeoutMs` as the deadline of each attempt, from sending
 * the request to the last byte of the response body.
 *
 * @example
 * ```ts
 * const ssm = new SSMClient(awsClientConfig({ region: 'eu-west-1', maxAttempts: 5, timeoutMs: 2000 }));
 * ```
 */
export function awsClientConfig(options: AwsOptions = {}): AwsClientConfig & { roleCredentials?: RoleCredentials } {
  const maxAttempts = options.maxAttempts ?? AWS_DEFAULTS.maxAttempts;
  const timeoutMs = options.timeoutMs ?? AWS_DEFAULTS.timeoutMs;
  const base = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    maxAttempts,
    retryStrategy: awsRetryStrategy(maxAttempts, timeoutMs),
    requestHandler: new AttemptDeadlineHandler(
      new NodeHttpHandler({ connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true }),
      timeoutMs,
    ),
  };
  const role = effectiveRole(options);
  if (!role) return { ...base, ...(options.credentials === undefined ? {} : { credentials: options.credentials }) };
  const roleCredentials = assumeRoleCredentials(role, {
    ...base,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  return { ...base, credentials: roleCredentials, roleCredentials };
}

/**
 * What tells two instances' data apart (region, endpoint, role, access key id), so that
 * instances pointing at different accounts never share entries of a shared cache.
 *
 * @example
 * ```ts
 * awsScope({ region: 'eu-west-1' }); // 'eu-west-1|||'
 * ```
 */
export function awsScope(options: AwsOptions = {}): string {
  const env = process.env;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
  const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL ?? '';
  const role = effectiveRole(options)?.roleArn ?? '';
  const credentials = options.credentials;
  const identity =
    credentials && typeof credentials === 'object'
      ? credentials.accessKeyId
      : typeof credentials === 'function'
        ? 'provider'
        : (env.AWS_PROFILE ?? env.AWS_ACCESS_KEY_ID ?? '');
  return [region, endpoint, role, identity].join('|');
}
