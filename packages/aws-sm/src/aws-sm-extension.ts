import { awsExtensionProvider, type ExtensionOptions } from '@coffer/aws/extension';
import type { ProviderFactory } from '@coffer/core';
import { secretExtension } from './extension-read.js';
import { SECRETS_MANAGER } from './names.js';
import type { AwsSmTypes } from './types.js';

/**
 * The `aws.sm` provider reading through the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension, the AWS Secrets Manager Agent or `coffer serve`, with no AWS SDK in
 * the bundle. Reads, decoding, keypaths, binary secrets, `versionId` and `versionStage` work as
 * with `awsSm`, and `pathExists` of a name; `getByPath` and `update` throw `UnsupportedError`
 * (the protocol has no such call): use `awsSm({ transport: 'extension' })` when you need them as well.
 *
 * @example
 * ```ts
 * import { awsSmExtension } from '@coffer/aws-sm/extension';
 * const sm = createClient({ provider: awsSmExtension() }); // port 2773, token AWS_SESSION_TOKEN
 * await sm.get('prod/db', { keypath: ['password'] });
 * ```
 */
export const awsSmExtension: ProviderFactory<ExtensionOptions, AwsSmTypes> = awsExtensionProvider(SECRETS_MANAGER, secretExtension);
