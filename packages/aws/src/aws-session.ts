import { createHash } from 'node:crypto';
import type { CallContext } from '@coffer/core';
import type { RoleCredentials } from './assume-role.js';
import { type AwsClientConfig, awsClientConfig, awsScope } from './client-config.js';
import { isExpiredTokenError } from './map-error.js';
import type { AwsOptions } from './options.js';

/**
 * What a provider needs of its AWS options: the SDK client config, its scope, and `send`.
 *
 * @example
 * ```ts
 * const session: AwsSession = awsSession({ region: 'eu-west-1' });
 * ```
 */
export interface AwsSession {
  /** The SDK client configuration (pass it to `new SSMClient(config)`). */
  readonly config: AwsClientConfig;
  /** See {@link awsScope}. */
  readonly scope: string;
  /**
   * Sends one SDK command (`run` calls `client.send`), counting it as one backend request. When
   * a role is assumed and AWS answers that the token expired, the role is assumed again once and
   * the command sent once more. Errors are the SDK's, for the provider to map.
   */
  send<T>(run: () => Promise<T>, context: CallContext): Promise<T>;
}

/**
 * Builds the {@link AwsSession} of a provider instance from its (checked) options.
 *
 * @example
 * ```ts
 * const session = awsSession({ region: 'eu-west-1' });
 * const ssm = new SSMClient(session.config);
 * const out = await session.send(() => ssm.send(new GetParametersCommand({ Names: ['/a'] })), context);
 * ```
 */
export function awsSession(options: AwsOptions = {}): AwsSession {
  const { roleCredentials, ...config } = awsClientConfig(options);
  const role: RoleCredentials | undefined = roleCredentials;
  return {
    config,
    scope: awsScope(options),
    async send<T>(run: () => Promise<T>, context: CallContext): Promise<T> {
      const signedWith = role?.current();
      context.countApiCall();
      try {
        return await run();
      } catch (error) {
        if (!role || !isExpiredTokenError(error)) throw error;
        await role.refresh(signedWith);
        context.countApiCall();
        return run();
      }
    },
  };
}

/**
 * One session shared by the instances of a process with the same options, and the SDK clients
 * made from it, counted by the instances using them: one connection pool, one retry quota, one
 * set of assumed-role credentials, so what the SDK's retry strategy learns about throttling it
 * learns once for the process.
 *
 * @example
 * ```ts
 * const shared: SharedSession = sharedSession({ region: 'eu-west-1' });
 * ```
 */
export interface SharedSession {
  readonly session: AwsSession;
  /** The SDK client of kind `kind`, made from the session's config on first use; counts one more user. */
  acquire<C extends { destroy(): void }>(kind: string, make: (config: AwsClientConfig) => C): C;
  /** Counts one user of `kind` less; the last one destroys the client. */
  release(kind: string): void;
}

const sessions = new Map<string, SharedSession>();
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;

function idOf(value: object): number {
  let id = functionIds.get(value);
  if (id === undefined) {
    id = ++nextFunctionId;
    functionIds.set(value, id);
  }
  return id;
}

/** A key saying which options make the same requests; secrets in it are hashed, never kept. */
function sessionKey(options: AwsOptions): string {
  const parts = Object.keys(options)
    .sort()
    .map((name) => {
      const value = (options as Record<string, unknown>)[name];
      if (value === undefined) return '';
      if (typeof value === 'function') return `${name}=fn#${idOf(value)}`;
      if (name === 'credentials' && value && typeof value === 'object') {
        const { accessKeyId, secretAccessKey, sessionToken } = value as Record<string, unknown>;
        const digest = createHash('sha256')
          .update(`${String(secretAccessKey)}\u0000${String(sessionToken ?? '')}`)
          .digest('hex');
        return `${name}=${String(accessKeyId)}:${digest}`;
      }
      return `${name}=${JSON.stringify(value)}`;
    });
  // The environment the SDK reads (region, endpoint, profile) is part of the key too.
  const env = process.env;
  const read = [env.AWS_REGION, env.AWS_DEFAULT_REGION, env.AWS_ENDPOINT_URL, env.AWS_PROFILE];
  parts.push(`env=${[...read, env.AWS_ACCESS_KEY_ID, env.COFFER_AWS_ROLE_ARN].join('|')}`);
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/**
 * The session shared by every instance with the same (checked) options; a client is made on
 * first use and destroyed when the last instance using it closes.
 *
 * @example
 * ```ts
 * const shared = sharedSession({ region: 'eu-west-1' });
 * const ssm = shared.acquire('SSMClient', (config) => new SSMClient(config));
 * shared.release('SSMClient');
 * ```
 */
export function sharedSession(options: AwsOptions): SharedSession {
  const key = sessionKey(options);
  const found = sessions.get(key);
  if (found) return found;
  const session = awsSession(options);
  const clients = new Map<string, { client: { destroy(): void }; users: number }>();
  const shared: SharedSession = {
    session,
    acquire(kind, make) {
      let held = clients.get(kind);
      if (!held) {
        held = { client: make(session.config), users: 0 };
        clients.set(kind, held);
      }
      held.users++;
      return held.client as ReturnType<typeof make>;
    },
    release(kind) {
      const held = clients.get(kind);
      if (!held || --held.users > 0) return;
      clients.delete(kind);
      held.client.destroy();
    },
  };
  sessions.set(key, shared);
  return shared;
}
