import { awsExtensionProvider, type ExtensionOptions } from '@coffer/aws/extension';
import type { ProviderFactory } from '@coffer/core';
import { parameterExtension } from './extension-read.js';
import { PARAMETER_STORE } from './names.js';
import type { AwsPsTypes } from './types.js';

/**
 * The `aws.ps` provider reading through the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension (or `coffer serve`), with no AWS SDK in the bundle. Reads, decoding,
 * `StringList`, versions and labels work as with `awsPs`; `getByPath`, `update` and a
 * `pathExists` that would need a listing throw `UnsupportedError` (the protocol has no such
 * call): use `awsPs({ transport: 'extension' })` when you need them as well.
 *
 * @example
 * ```ts
 * import { awsPsExtension } from '@coffer/aws-ps/extension';
 * const ps = createClient({ provider: awsPsExtension() }); // port 2773, token AWS_SESSION_TOKEN
 * await ps.get('/prod/db/host');
 * ```
 */
export const awsPsExtension: ProviderFactory<ExtensionOptions, AwsPsTypes> = awsExtensionProvider(PARAMETER_STORE, parameterExtension);
