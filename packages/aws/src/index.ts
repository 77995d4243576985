export { type AwsCalls, type AwsCommand, awsCalls } from './aws-calls.js';
export { type AwsProviderBase, type AwsSdkClient, awsProviderBase } from './aws-provider-base.js';
export { type AssumeRoleBase, assumeRoleCredentials, type RoleCredentials } from './assume-role.js';
export { AttemptDeadlineHandler } from './attempt-deadline.js';
export { type AwsSession, awsSession } from './aws-session.js';
export { isDamagedResponse } from './damaged-response.js';
export { AWS_DEFAULTS, type AwsClientConfig, awsClientConfig, awsScope, effectiveRole } from './client-config.js';
export { type AwsErrorHint, awsErrorHint } from './error-hints.js';
export { isExpiredTokenError, isTransientAwsError, mapAwsError } from './map-error.js';
export {
  type AssumeRoleOptions,
  AWS_OPTION_NAMES,
  type AwsCredentials,
  type AwsCredentialsProvider,
  type AwsOptions,
  checkAwsOptions,
} from './options.js';
export { awsRetryStrategy } from './retry-strategy.js';
