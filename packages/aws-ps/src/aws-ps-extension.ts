import { type ExtensionOptions, extensionClient, extensionSettings } from '@coffer/aws/extension';
import { type Provider, type ProviderFactory, UnsupportedError } from '@coffer/core';
import { readParameters } from './extension-read.js';
import type { AwsPsTypes } from './types.js';
import { PARAMETER_STORE, PROVIDER } from './names.js';

const SDK_HINT = "import '@coffer/aws-ps' (the SDK transport) for this operation";

function unsupported(operation: string, path: string): never {
  throw new UnsupportedError(`the extension protocol has no ${operation}: ${SDK_HINT}`, { provider: PROVIDER, path });
}

/**
 * The `aws.ps` provider reading through the local HTTP protocol of the AWS Parameters and
 * Secrets Lambda Extension (or `coffer serve`), with no AWS SDK in the bundle. Reads, decoding,
 * `StringList`, versions and labels work as with {@link awsPs}; `getByPath`, `update` and a
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
export const awsPsExtension: ProviderFactory<ExtensionOptions, AwsPsTypes> = (options = {}) => {
  const settings = extensionSettings(options, PROVIDER);
  const http = extensionClient(settings, PROVIDER);
  const provider: Provider<AwsPsTypes> = {
    ...PARAMETER_STORE,
    scope: `extension|127.0.0.1:${settings.port}`,
    getMany: (requests, context) => readParameters(http, requests, context),
    async list(request) {
      return unsupported('GetParametersByPath', request.path);
    },
    async exists(request, context) {
      const [answer] = await readParameters(http, [{ path: request.path, options: { decrypt: false } }], context);
      if (answer instanceof Error) throw answer;
      if (answer !== undefined) return true;
      // Only a listing could tell whether parameters lie under the path.
      if (!request.path.startsWith('/')) return false;
      return unsupported('listing to tell whether parameters lie under a path', request.path);
    },
    async update(request) {
      return unsupported('PutParameter', request.path);
    },
    async close() {
      http.close();
    },
  };
  return provider;
};
