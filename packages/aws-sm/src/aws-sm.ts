import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsClientConfig, type AwsOptions, awsProvider, FAILOVER_OPTION_NAMES, type FailoverOptions, withFailover } from '@coffer/aws';
import type { AwsTransport, ExtensionOptions } from '@coffer/aws/extension';
import type { ProviderFactory } from '@coffer/core';
import { secretExtension } from './extension-read.js';
import { SECRETS_MANAGER } from './names.js';
import { secretsManagerOperations } from './operations.js';
import { type RotationOptions, recheckOf } from './rotation.js';
import type { AwsSmTypes } from './types.js';

const SM_CLIENT = { name: 'a SecretsManagerClient', make: (config: AwsClientConfig) => new SecretsManagerClient(config) };

/**
 * Options of {@link awsSm}: the AWS options plus an optional SDK client.
 *
 * @example
 * ```ts
 * const provider = awsSm({ region: 'eu-west-1', assumeRole: { roleArn } });
 * ```
 */
export interface AwsSmOptions extends AwsOptions, FailoverOptions {
  /** Your own `SecretsManagerClient`, used as it is: the other AWS options then do not apply. @default one made from the options */
  client?: SecretsManagerClient;
  /**
   * How reads go: `'extension'` reads through the local HTTP protocol of the AWS Parameters and
   * Secrets Lambda Extension or the Secrets Manager Agent (listings, existence and writes still use the SDK).
   * @default `COFFER_AWS_TRANSPORT`, else `'sdk'`
   */
  transport?: AwsTransport;
  /** Where the extension listens, for `transport: 'extension'`. @default port 2773, token from AWS_SESSION_TOKEN */
  extension?: ExtensionOptions;
  /**
   * Rotation-aware expiry (SDK reads): a secret with rotation on expires when its rotation window
   * opens, then is read every `recheck` until its version changes; other secrets keep the ttl.
   * Costs a `ListSecrets` per 10 secrets read per hour and needs `secretsmanager:ListSecrets`
   * (see docs/rotation.md).
   * @default false
   */
  rotation?: boolean | RotationOptions;
}

/**
 * The `aws.sm` provider: AWS Secrets Manager. Batched reads and listings go through
 * `BatchGetSecretValue` (20 ids a call), falling back to one `GetSecretValue` each (8 at a
 * time) once the batch call is denied, and for a growing cool-down after it is throttled; reads
 * of a `versionId` / `versionStage` use `GetSecretValue`; existence is `DescribeSecret` (no value
 * read), then `ListSecrets` for a folder; writes are `PutSecretValue` (`CreateSecret` with `create`).
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsSm({ region: 'eu-west-1' }) });
 * await client.get('prod/db', { keypath: ['password'] });
 * ```
 */
export const awsSm: ProviderFactory<AwsSmOptions, AwsSmTypes> = awsProvider<AwsSmOptions, AwsSmTypes, SecretsManagerClient>(
  SECRETS_MANAGER,
  {
    client: SM_CLIENT,
    optionNames: [...FAILOVER_OPTION_NAMES, 'rotation'],
    sdk: withFailover('aws.sm', (aws, options) => secretsManagerOperations(aws, recheckOf(options.rotation)), SM_CLIENT),
    extension: secretExtension,
  },
);
