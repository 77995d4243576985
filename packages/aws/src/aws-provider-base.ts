import { inspect } from 'node:util';
import { type CofferError, type Provider, ValidationError } from '@coffer/core';
import { type AwsCalls, awsCalls } from './aws-calls.js';
import { type AwsSession, awsSession } from './aws-session.js';
import type { AwsClientConfig } from './client-config.js';
import { mapAwsError } from './map-error.js';
import { type AwsOptions, checkAwsOptions } from './options.js';
import { sharedSession } from './shared-sessions.js';

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
 * What an AWS provider shares with the others: checked options, session, client, scope, errors.
 *
 * @example
 * ```ts
 * const { session, client, fail }: AwsProviderBase<SSMClient> = awsProviderBase(options, spec);
 * ```
 */
export interface AwsProviderBase<Client extends AwsSdkClient> extends AwsCalls {
  /** The session: client configuration, scope, request counting and re-assume. */
  readonly session: AwsSession;
  /** The SDK client: the injected one, else one made from the options on first use. */
  client(): Client;
  /** The provider's cache scope: the session's, or one of its own for an injected client. */
  readonly scope: string;
  /** Maps an AWS error about `path` to a coffer error. */
  fail(error: unknown, path: string): CofferError;
  /** Destroys the client, unless it was injected. */
  close(): Promise<void>;
  /** Gives the provider an `inspect` output that names its scope and nothing else. */
  describe<P extends Provider>(provider: P, label: string): P;
}

let injected = 0;

/**
 * The shared beginning of every AWS provider factory: options checked (with `client`, an SDK
 * client to use as it is), the session, a lazily made client, the scope and error mapping.
 * Instances with the same options share the session and the SDK client (see `sharedSession`).
 *
 * @example
 * ```ts
 * const base = awsProviderBase(options, { provider: 'aws.ps', clientName: 'an SSMClient', make: (config) => new SSMClient(config) });
 * const response = await base.send(new GetParametersCommand({ Names }), context);
 * ```
 */
export function awsProviderBase<Client extends AwsSdkClient>(
  options: AwsOptions & { client?: Client },
  spec: { provider: string; clientName: string; make: (config: AwsClientConfig) => Client },
): AwsProviderBase<Client> {
  const checked = checkAwsOptions(options, spec.provider, ['client']) as AwsOptions & { client?: Client };
  const given = checked.client;
  if (given !== undefined && (typeof given !== 'object' || typeof given?.send !== 'function')) {
    throw new ValidationError(`client must be ${spec.clientName}`, { provider: spec.provider });
  }
  // An injected client signs with its own credentials: no role of ours to refresh for it.
  // Otherwise instances with the same options share one session and one SDK client.
  const shared = given ? undefined : sharedSession(checked);
  const session = shared?.session ?? awsSession({ ...checked, assumeRole: false });
  let made: Client | undefined;
  const client = () => {
    if (given) return given;
    made ??= shared?.acquire(spec.clientName, spec.make) as Client;
    return made;
  };
  return {
    ...awsCalls(session, client),
    session,
    client,
    scope: given ? `client#${++injected}` : session.scope,
    fail: (error, path) => mapAwsError(error, { provider: spec.provider, path }),
    async close() {
      if (made === undefined) return;
      made = undefined;
      shared?.release(spec.clientName);
    },
    describe(provider, label) {
      Object.defineProperty(provider, inspect.custom, { value: () => `${label} { scope: '${provider.scope}' }` });
      return provider;
    },
  };
}
