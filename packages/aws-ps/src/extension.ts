/**
 * `@coffer/aws-ps/extension`: `aws.ps` over the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension, without the AWS SDK. Importing it registers `aws.ps` as this
 * provider, so `get('aws.ps', name)` of `@coffer/core` reads through the extension.
 */
import { registerProvider } from '@coffer/core';
import { awsPsExtension } from './aws-ps-extension.js';

export { awsPsExtension } from './aws-ps-extension.js';
export type { ExtensionOptions } from '@coffer/aws/extension';

registerProvider('aws.ps', awsPsExtension);
