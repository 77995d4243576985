// The extension variant: reads go to the AWS Parameters and Secrets Lambda Extension on
// 127.0.0.1:2773, so the bundle carries no AWS SDK at all (see docs/lambda.md).
import '@coffer/aws-sm/extension';
import '@coffer/aws-ps/extension';
import { get } from '@coffer/core';

const DB_SECRET = process.env.DB_SECRET ?? 'prod/db';
const FLAG = process.env.FLAG_PARAMETER ?? '/prod/app/flags/new-ui';

/**
 * The same reads as `handler.ts` through the extension's local HTTP API: coffer still decodes,
 * walks the keypath, caches in memory (on top of the extension's own cache) and serves a stale
 * value if the extension fails. Listing is not in the extension's API, so this handler reads
 * the one flag it needs by name.
 *
 * @example
 * ```ts
 * await handler(); // { statusCode: 200, body: '{"user":"app","flag":"on"}' }
 * ```
 */
export async function handler(): Promise<{ statusCode: number; body: string }> {
  const [user, flag] = await Promise.all([get<string>('aws.sm', DB_SECRET, { keypath: ['user'] }), get<string>('aws.ps', FLAG)]);
  return { statusCode: 200, body: JSON.stringify({ user, flag }) };
}
