/**
 * `@coffer/aws-sm/extension`: `aws.sm` over the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension (or the Secrets Manager Agent, or `coffer serve`), without the AWS
 * SDK. Importing it registers `aws.sm` as this provider, so `get('aws.sm', id)` of
 * `@coffer/core` reads through the extension.
 */
import { registerProvider } from '@coffer/core';
import { awsSmExtension } from './aws-sm-extension.js';

export { awsSmExtension } from './aws-sm-extension.js';
export type { ExtensionOptions } from '@coffer/aws/extension';

registerProvider('aws.sm', awsSmExtension);
