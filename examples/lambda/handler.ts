// Only the providers this function uses: the bundle carries nothing else.
import '@coffer/aws-ps';
import '@coffer/aws-sm';
import { get, getByPath } from '@coffer/core';

const DB_SECRET = process.env.DB_SECRET ?? 'prod/db';
const FLAGS_PATH = process.env.FLAGS_PATH ?? '/prod/app/flags';

/** The event this example takes. */
export interface Event {
  /** Which flag to answer about. */
  flag?: string;
}

/**
 * A Lambda handler reading through coffer's shared instances. They live as long as the execution
 * environment, so only the first invocation calls AWS; warm invocations are served from memory
 * (`COFFER_CACHE_TTL` bounds how stale a value may get), and the two secrets are read in parallel.
 *
 * @example
 * ```ts
 * await handler({ flag: 'new-ui' }); // { statusCode: 200, body: '{"user":"app","flag":"on"}' }
 * ```
 */
export async function handler(event: Event): Promise<{ statusCode: number; body: string }> {
  const [user, flags] = await Promise.all([
    get<string>('aws.sm', DB_SECRET, { keypath: ['user'] }),
    getByPath<string>('aws.ps', FLAGS_PATH, { recursive: false }),
  ]);
  const flag = event.flag === undefined ? undefined : flags[`${FLAGS_PATH}/${event.flag}`];
  return { statusCode: 200, body: JSON.stringify({ user, flag }) };
}
