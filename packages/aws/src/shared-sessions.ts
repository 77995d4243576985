import { createHash } from 'node:crypto';
import { type AwsSession, awsSession } from './aws-session.js';
import type { AwsClientConfig } from './client-config.js';
import type { AwsOptions } from './options.js';

/**
 * Instances in one process that share region, endpoint, credentials, role and retry settings
 * share one session and one SDK client: one connection pool, one retry quota, one set of assumed
 * role credentials, so what the SDK's retry strategy learns about throttling it learns once for
 * the process. A client is made on first use and destroyed when the last instance using it closes.
 */

/** One shared session and the clients made from it, counted by the instances using them. */
export interface SharedSession {
  readonly session: AwsSession;
  /** The SDK client of kind `kind`, made from the session's config on first use; counts one more user. */
  acquire<C extends { destroy(): void }>(kind: string, make: (config: AwsClientConfig) => C): C;
  /** Counts one user of `kind` less; the last one destroys the client. */
  release(kind: string): void;
}

interface Held {
  client: { destroy(): void };
  users: number;
}

const sessions = new Map<string, SharedSession>();
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;

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
  parts.push(
    `env=${[env.AWS_REGION, env.AWS_DEFAULT_REGION, env.AWS_ENDPOINT_URL, env.AWS_PROFILE, env.AWS_ACCESS_KEY_ID, env.COFFER_AWS_ROLE_ARN].join('|')}`,
  );
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function idOf(value: object): number {
  let id = functionIds.get(value);
  if (id === undefined) {
    id = ++nextFunctionId;
    functionIds.set(value, id);
  }
  return id;
}

/**
 * The session shared by every instance with the same (checked) options.
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
  const clients = new Map<string, Held>();
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
