export { type AwsCalls, type AwsCommand, awsCalls, type ErrorKinds, type PageOptions, type PageTokens } from './aws-calls.js';
export { type AwsProviderParts, type AwsSdkClient, awsProvider, type SdkOperations } from './aws-provider.js';
export { type AwsSession, awsSession, type SharedSession, sharedSession } from './aws-session.js';
export { type AssumeRoleBase, assumeRoleCredentials, type RoleCredentials } from './assume-role.js';
export { AttemptDeadlineHandler } from './attempt-deadline.js';
export { isoDate } from './aws-date.js';
export { isDamagedResponse } from './damaged-response.js';
export { AWS_DEFAULTS, type AwsClientConfig, awsClientConfig, awsScope, effectiveRole } from './client-config.js';
export {
  type AwsErrorHint,
  type AwsErrorKind,
  awsErrorHint,
  awsErrorKind,
  isExpiredTokenError,
  isTransientAwsError,
  mapAwsError,
} from './map-error.js';
export {
  type AssumeRoleOptions,
  AWS_OPTION_NAMES,
  type AwsCredentials,
  type AwsCredentialsProvider,
  type AwsOptions,
  checkAwsOptions,
} from './options.js';
export { awsRetryStrategy } from './retry-strategy.js';
export { FAILOVER_CHANNEL, type FailoverEvent, withFailover } from './failover.js';
export { FAILOVER_OPTION_NAMES, type FailoverOptions, type FailoverSettings, failoverSettings, inRegion } from './failover-options.js';
export { RegionHealth } from './region-health.js';
export { untilProcessed } from './unprocessed.js';
