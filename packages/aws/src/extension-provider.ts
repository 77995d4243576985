import { inspect } from 'node:util';
import {
  type CallContext,
  type Provider,
  type ProviderBase,
  type ProviderFactory,
  type ProviderTypes,
  type RawSecret,
  type ReadRequest,
  UnsupportedError,
} from '@coffer/core';
import { type ExtensionClient, extensionClient } from './extension-client.js';
import { type ExtensionOptions, extensionSettings } from './extension-options.js';

/**
 * What an AWS provider is whichever way it reads: its name, batch size, the options each
 * operation takes, how requests are normalized, and the package of its SDK transport (named in
 * the errors of what the extension protocol cannot do).
 *
 * @example
 * ```ts
 * const identity: AwsProviderIdentity = { name: 'aws.ps', maxBatchSize: 10, sdkPackage: '@coffer/aws-ps' };
 * ```
 */
export interface AwsProviderIdentity extends Pick<ProviderBase, 'name' | 'maxBatchSize' | 'options' | 'normalize'> {
  /** The package whose SDK transport does everything, `'@coffer/aws-ps'`. */
  readonly sdkPackage: string;
}

/**
 * What a provider does over the extension protocol: read one name, and optionally say whether
 * a path exists.
 *
 * @example
 * ```ts
 * const ops: ExtensionOperations = { read: (request, context) => readParameter(http, request, context) };
 * ```
 */
export interface ExtensionOperations {
  /** One read: the value, `undefined` when it does not exist; a failure throws a coffer error. */
  read(request: ReadRequest, context: CallContext): Promise<RawSecret | undefined>;
  /**
   * Whether `request.path` exists; `undefined` when only a listing could tell (then the provider
   * throws `UnsupportedError`). @default whether `read` finds it
   */
  exists?(request: ReadRequest, context: CallContext): Promise<boolean | undefined>;
}

/**
 * The reads of a provider over the extension protocol, and how to close its sockets.
 *
 * @example
 * ```ts
 * const { getMany, exists, close }: ExtensionReads = extensionReads(identity, operations, {});
 * ```
 */
export interface ExtensionReads extends Required<Pick<ProviderBase, 'getMany' | 'exists'>> {
  /** The port the protocol is reached on (127.0.0.1). */
  readonly port: number;
  close(): void;
}

/**
 * The name `inspect` shows for a provider.
 *
 * @example
 * ```ts
 * providerLabel('aws.ps'); // 'awsPs'
 * ```
 */
export const providerLabel = (name: string): string => name.replace(/[.-](\w)/g, (_, letter: string) => letter.toUpperCase());

/** The error of an operation the extension protocol has no call for, before any request. */
function unsupported(identity: AwsProviderIdentity, operation: string, path: string): never {
  const hint = `import '${identity.sdkPackage}' (the SDK transport) for this operation`;
  throw new UnsupportedError(`the extension protocol has no ${operation}: ${hint}`, { provider: identity.name, path });
}

/**
 * The reads of `operations` over the extension protocol (options checked, sockets on first use):
 * every request of a batch at once, as the protocol has no batch call, each with its own result.
 *
 * @example
 * ```ts
 * const reads = extensionReads(identity, (http) => ({ read: ... }), { port: 2773 });
 * ```
 */
export function extensionReads(
  identity: AwsProviderIdentity,
  operations: (http: ExtensionClient) => ExtensionOperations,
  options: unknown,
): ExtensionReads {
  const settings = extensionSettings(options, identity.name);
  const http = extensionClient(settings, identity.name);
  const ops = operations(http);
  return {
    port: settings.port,
    getMany: (requests, context) => Promise.all(requests.map((request) => ops.read(request, context).catch((error: Error) => error))),
    async exists(request, context) {
      const found = ops.exists ? await ops.exists(request, context) : (await ops.read(request, context)) !== undefined;
      return found ?? unsupported(identity, 'listing to tell whether anything lies under a path', request.path);
    },
    close: () => http.close(),
  };
}

/**
 * Makes the factory of an AWS provider that reads only through the local HTTP protocol of the
 * AWS Parameters and Secrets Lambda Extension, the Secrets Manager Agent or `coffer serve`, with
 * no AWS SDK in the bundle: listings and updates throw `UnsupportedError` naming the package of
 * the SDK transport.
 *
 * @example
 * ```ts
 * export const awsPsExtension = awsExtensionProvider<AwsPsTypes>(PARAMETER_STORE, (http) => ({
 *   read: (request, context) => readParameter(http, request, context),
 * }));
 * ```
 */
export function awsExtensionProvider<Types extends ProviderTypes>(
  identity: AwsProviderIdentity,
  operations: (http: ExtensionClient) => ExtensionOperations,
): ProviderFactory<ExtensionOptions, Types> {
  const { sdkPackage: _, ...shape } = identity;
  return (options = {}) => {
    const reads = extensionReads(identity, operations, options);
    const provider: Provider<Types> = {
      ...shape,
      scope: `extension|127.0.0.1:${reads.port}`,
      getMany: reads.getMany,
      exists: reads.exists,
      list: async (request) => unsupported(identity, 'listing', request.path),
      update: async (request) => unsupported(identity, 'update', request.path),
      async close() {
        reads.close();
      },
    };
    const label = `${providerLabel(identity.name)}Extension`;
    return Object.defineProperty(provider, inspect.custom, { value: () => `${label} { scope: '${provider.scope}' }` });
  };
}
