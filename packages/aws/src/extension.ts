/**
 * `@coffer/aws/extension`: the client of the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension, and the skeleton of a provider reading through it. Nothing here
 * imports the AWS SDK, so a bundle that reads through this entry carries no SDK module.
 */
export { isoDate } from './aws-date.js';
export { type ExtensionClient, extensionClient } from './extension-client.js';
export { EXTENSION_OPTION_NAMES, type ExtensionOptions, type ExtensionSettings, extensionSettings } from './extension-options.js';
export {
  type AwsProviderIdentity,
  awsExtensionProvider,
  type ExtensionOperations,
  type ExtensionReads,
  extensionReads,
  providerLabel,
} from './extension-provider.js';
export { classifyStatus, type ExtensionOutcome, errorCodeOf } from './extension-status.js';
export { resolveToken, TOKEN_HEADER, TOKEN_VARIABLES } from './extension-token.js';
export { type AwsTransport, chooseTransport, takeTransportOptions } from './extension-transport.js';
