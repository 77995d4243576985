import { SSMClient } from '@aws-sdk/client-ssm';
import {
  type AwsCalls,
  type AwsClientConfig,
  type AwsOptions,
  awsProvider,
  type SdkOperations,
  FAILOVER_OPTION_NAMES,
  type FailoverOptions,
  withFailover,
} from '@coffer/aws';
import type { AwsTransport, ExtensionOptions } from '@coffer/aws/extension';
import type { ProviderFactory } from '@coffer/core';
import { parameterExtension } from './extension-read.js';
import { listParameters, parameterExists } from './list.js';
import { PARAMETER_STORE } from './names.js';
import { readParameters } from './read.js';
import type { AwsPsTypes } from './types.js';
import { updateParameter } from './update.js';

/**
 * Options of {@link awsPs}: the AWS options plus an optional SDK client.
 *
 * @example
 * ```ts
 * const provider = awsPs({ region: 'eu-west-1', client: new SSMClient({ region: 'eu-west-1' }) });
 * ```
 */
export interface AwsPsOptions extends AwsOptions, FailoverOptions {
  /** Your own `SSMClient`, used as it is: the other AWS options then do not apply. @default one made from the options */
  client?: SSMClient;
  /**
   * How reads go: `'extension'` reads through the local HTTP protocol of the AWS Parameters and
   * Secrets Lambda Extension (listings, existence under a path and writes still use the SDK).
   * @default `COFFER_AWS_TRANSPORT`, else `'sdk'`
   */
  transport?: AwsTransport;
  /** Where the extension listens, for `transport: 'extension'`. @default port 2773, token from AWS_SESSION_TOKEN */
  extension?: ExtensionOptions;
}

const SSM_CLIENT = { name: 'an SSMClient', make: (config: AwsClientConfig) => new SSMClient(config) };

/** What aws.ps does through the SDK, in one region. */
const parameterOperations = (aws: AwsCalls): SdkOperations => ({
  getMany: (requests, context) => readParameters(aws, requests, context),
  list: (request, context) => listParameters(aws, request, context),
  exists: (request, context) => parameterExists(aws, request, context),
  update: (request, context) => updateParameter(aws, request, context),
});

/**
 * The `aws.ps` provider: AWS Systems Manager Parameter Store. Reads go through `GetParameters`
 * (10 names a call, even for one name, so reads need only `ssm:GetParameters`), listings
 * through `GetParametersByPath`, writes through `PutParameter`. Wrap it in a client (or use
 * {@link ParameterStore}) for caching.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsPs({ region: 'eu-west-1' }) });
 * await client.get('/prod/db/host');
 * ```
 */
export const awsPs: ProviderFactory<AwsPsOptions, AwsPsTypes> = awsProvider<AwsPsOptions, AwsPsTypes, SSMClient>(PARAMETER_STORE, {
  client: SSM_CLIENT,
  optionNames: FAILOVER_OPTION_NAMES,
  sdk: withFailover('aws.ps', parameterOperations, SSM_CLIENT),
  extension: parameterExtension,
});
