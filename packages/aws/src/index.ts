export { type AwsCalls, type AwsCommand, awsCalls } from './aws-calls';
export { type AwsProviderBase, type AwsSdkClient, awsProviderBase } from './aws-provider-base';
export { assumeRoleCredentials, type RoleCredentials } from './assume-role';
export { AttemptDeadlineHandler } from './attempt-deadline';
export { type AwsSession, awsSession } from './aws-session';
export { isDamagedResponse } from './damaged-response';
export { AWS_DEFAULTS, type AwsClientConfig, awsClientConfig, awsScope, effectiveRole } from './client-config';
export { isExpiredTokenError, isTransientAwsError, mapAwsError } from './map-error';
export {
  type AssumeRoleOptions,
  AWS_OPTION_NAMES,
  type AwsCredentials,
  type AwsCredentialsProvider,
  type AwsOptions,
  checkAwsOptions,
} from './options';
export { awsRetryStrategy } from './retry-strategy';
