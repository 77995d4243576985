import { inspect } from 'node:util';
import {
  type CallContext,
  type ListRequest,
  type Provider,
  type ProviderBase,
  type ProviderFactory,
  type ProviderTypes,
  type RawSecret,
  type ReadRequest,
  type UpdateRequest,
  ValidationError,
} from '@coffer/core';
import { type AwsCalls, awsCalls, type ErrorKinds } from './aws-calls.js';
import { type AwsSession, awsSession, type SharedSession, sharedSession } from './aws-session.js';
import { type AwsClientConfig, awsScope } from './client-config.js';
import type { ExtensionClient } from './extension-client.js';
import { type AwsProviderIdentity, type ExtensionOperations, extensionReads, providerLabel } from './extension-provider.js';
import { chooseTransport, takeTransportOptions } from './extension-transport.js';
import { type AwsOptions, checkAwsOptions } from './options.js';

/**
 * The SDK client shape a provider needs: `send`, and `destroy` to close it.
 *
 * @example
 * ```ts
 * const client: AwsSdkClient = new SSMClient({ region: 'eu-west-1' });
 * ```
 */
export interface AwsSdkClient {
  send(command: never): Promise<unknown>;
  destroy(): void;
}

/**
 * What a provider does through the AWS SDK. `getMany` is required; an operation left out is one
 * the provider does not have.
 *
 * @example
 * ```ts
 * const ops: SdkOperations = { getMany: (requests, context) => readBatch(aws, requests, context) };
 * ```
 */
export interface SdkOperations {
  /** Reads a batch (at most `maxBatchSize`): per request a value, `undefined` (missing) or its own error. */
  getMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>>;
  /** Everything under a path, keyed by full name. */
  list?(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>>;
  /** Whether something lies at the path. */
  exists?(request: ReadRequest, context: CallContext): Promise<boolean>;
  /** Writes a value. */
  update?(request: UpdateRequest, context: CallContext): Promise<void>;
  /** Lets go of what the operations hold (the clients of failover regions). */
  close?(): void;
  /**
   * What else tells this instance's answers apart, added to its cache scope (a table's name and
   * key). @default nothing: region, endpoint and credentials alone
   */
  readonly scope?: string;
  /** How this instance normalizes requests, when its options change that. @default the identity's */
  readonly normalize?: ProviderBase['normalize'];
  /** This provider's own errors for some kinds of AWS error (see `AwsCalls.fail`). @default none */
  readonly errors?: ErrorKinds;
}

/**
 * The parts of an AWS provider besides its identity: the SDK client to make, the provider's own
 * option names, its operations through the SDK, and optionally its reads over the extension
 * protocol (which gives it the `transport` and `extension` options).
 *
 * @example
 * ```ts
 * const parts: AwsProviderParts<SSMClient, AwsPsOptions> = {
 *   client: { name: 'an SSMClient', make: (config) => new SSMClient(config) },
 *   sdk: (aws) => ({ getMany: (requests, context) => readBatch(aws, requests, context) }),
 * };
 * ```
 */
export interface AwsProviderParts<Client extends AwsSdkClient, Options> {
  /** The SDK client: how errors name it (`'an SSMClient'`) and how to make one from the session's config. */
  readonly client: { readonly name: string; make(config: AwsClientConfig): Client };
  /** The provider's own option names, besides the AWS ones, `client`, `transport` and `extension`. @default [] */
  readonly optionNames?: readonly string[];
  /** The operations through the SDK, given the calls of the instance and its options. */
  sdk(aws: AwsCalls, options: Options): SdkOperations;
  /** The reads over the extension protocol, for `transport: 'extension'`. @default none: SDK only */
  extension?(http: ExtensionClient): ExtensionOperations;
}

let injected = 0;

/**
 * Makes the factory of an AWS provider from what it is and what it does. The skeleton does the
 * rest: options checked before anything is sent (unknown names included), the transport chosen
 * (`transport` option, else `COFFER_AWS_TRANSPORT`), one session and one SDK client shared by the
 * instances of a process with the same options (made on first use, destroyed when the last one
 * closes) or the `client` given, the cache scope, request counting, and an `inspect` output that
 * names the scope and nothing else.
 *
 * @example
 * ```ts
 * export const awsPs = awsProvider<AwsPsOptions, AwsPsTypes, SSMClient>(PARAMETER_STORE, {
 *   client: { name: 'an SSMClient', make: (config) => new SSMClient(config) },
 *   sdk: (aws) => ({ getMany: (requests, context) => readBatch(aws, requests, context) }),
 *   extension: (http) => ({ read: (request, context) => readParameter(http, request, context) }),
 * });
 * ```
 */
export function awsProvider<Options extends AwsOptions & { client?: Client }, Types extends ProviderTypes, Client extends AwsSdkClient>(
  identity: AwsProviderIdentity,
  parts: AwsProviderParts<Client, Options>,
): ProviderFactory<Options, Types> {
  const { sdkPackage: _, permissions: __, ...shape } = identity;
  const { name } = identity;
  const own = ['client', ...(parts.optionNames ?? [])];
  return (options = {} as Options) => {
    const taken = parts.extension ? takeTransportOptions(options) : { transport: undefined, extension: undefined, rest: options };
    const reads =
      parts.extension && chooseTransport(taken.transport, name) === 'extension'
        ? extensionReads(identity, parts.extension, taken.extension)
        : undefined;
    const checked = checkAwsOptions(taken.rest, name, own) as Options;
    const given = checked.client;
    if (given !== undefined && (typeof given !== 'object' || typeof given?.send !== 'function'))
      throw new ValidationError(`client must be ${parts.client.name}`, { provider: name });
    // An injected client signs with its own credentials: no role of ours to refresh for it.
    // Otherwise instances with the same options share one session and one SDK client. Both are
    // made on first use, not at import: a handler that builds its client at module scope pays
    // for the SDK's configuration (handlers, retry strategy, role) with its first request.
    let shared: SharedSession | undefined;
    let opened: AwsSession | undefined;
    const open = (): AwsSession => {
      if (opened) return opened;
      shared = given ? undefined : sharedSession(checked);
      opened = shared?.session ?? awsSession({ ...checked, assumeRole: false });
      return opened;
    };
    const session: AwsSession = {
      get config() {
        return open().config;
      },
      scope: awsScope(checked),
      send: (run, context) => open().send(run, context),
    };
    let made: Client | undefined;
    const client = () => {
      if (given) return given;
      open();
      made ??= shared?.acquire(parts.client.name, parts.client.make) as Client;
      return made;
    };
    let kinds: ErrorKinds | undefined;
    const calls = awsCalls(session, client, name, identity.permissions, () => kinds);
    const ops = parts.sdk(calls, checked);
    kinds = ops.errors;
    // The one place an operation's AWS error becomes a coffer error (one passes through as it is).
    const mapped = <R>(path: string, run: () => Promise<R>) =>
      run().catch((error: unknown) => {
        throw calls.fail(error, path);
      });
    const { list, exists, update } = ops;
    const provider: Provider<Types> = {
      ...shape,
      scope: `${given ? `client#${++injected}` : session.scope}${ops.scope === undefined ? '' : `|${ops.scope}`}`,
      ...(ops.normalize ? { normalize: ops.normalize } : {}),
      getMany:
        reads?.getMany ??
        ((requests, context) =>
          ops.getMany(requests, context).catch((error: unknown) => requests.map(({ path }) => calls.fail(error, path)))),
      ...(list ? { list: (request, context) => mapped(request.path, () => list(request, context)) } : {}),
      ...(exists ? { exists: (request, context) => mapped(request.path, () => exists(request, context)) } : {}),
      ...(update ? { update: (request, context) => mapped(request.path, () => update(request, context)) } : {}),
      async close() {
        reads?.close();
        ops.close?.();
        if (made === undefined) return;
        made = undefined;
        shared?.release(parts.client.name);
      },
    };
    const label = providerLabel(name);
    return Object.defineProperty(provider, inspect.custom, { value: () => `${label} { scope: '${provider.scope}' }` });
  };
}
