import { type ExtensionOptions, extensionClient, extensionSettings } from '@coffer/aws/extension';
import { type Provider, type ProviderFactory, UnsupportedError } from '@coffer/core';
import { readSecret, readSecrets } from './extension-read.js';
import type { AwsSmTypes } from './types.js';
import { PROVIDER, SECRETS_MANAGER } from './names.js';

const SDK_HINT = "import '@coffer/aws-sm' (the SDK transport) for this operation";

function unsupported(operation: string, path: string): never {
  throw new UnsupportedError(`the extension protocol has no ${operation}: ${SDK_HINT}`, { provider: PROVIDER, path });
}

/**
 * The `aws.sm` provider reading through the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension, the AWS Secrets Manager Agent or `coffer serve`, with no AWS SDK in
 * the bundle. Reads, decoding, keypaths, binary secrets, `versionId` and `versionStage` work as
 * with {@link awsSm}, and `pathExists` of a name; `getByPath` and `update` throw
 * `UnsupportedError` (the protocol has no such call): use `awsSm({ transport: 'extension' })`
 * when you need them as well.
 *
 * @example
 * ```ts
 * import { awsSmExtension } from '@coffer/aws-sm/extension';
 * const sm = createClient({ provider: awsSmExtension() }); // port 2773, token AWS_SESSION_TOKEN
 * await sm.get('prod/db', { keypath: ['password'] });
 * ```
 */
export const awsSmExtension: ProviderFactory<ExtensionOptions, AwsSmTypes> = (options = {}) => {
  const settings = extensionSettings(options, PROVIDER);
  const http = extensionClient(settings, PROVIDER);
  const provider: Provider<AwsSmTypes> = {
    ...SECRETS_MANAGER,
    scope: `extension|127.0.0.1:${settings.port}`,
    getMany: (requests, context) => readSecrets(http, requests, context),
    async list(request) {
      return unsupported('listing (BatchGetSecretValue with a filter)', request.path);
    },
    async exists(request, context) {
      const answer = await readSecret(http, request, context);
      if (answer instanceof Error) throw answer;
      return answer !== undefined;
    },
    async update(request) {
      return unsupported('PutSecretValue', request.path);
    },
    async close() {
      http.close();
    },
  };
  return provider;
};
