import { readFileSync } from 'node:fs';

/**
 * The variables the SSRF token is read from, first set wins: the order of the AWS Secrets
 * Manager Agent. Inside Lambda only `AWS_SESSION_TOKEN` is set, which is what the Parameters and
 * Secrets Lambda Extension takes.
 *
 * @example
 * ```ts
 * TOKEN_VARIABLES[0]; // 'AWS_TOKEN'
 * ```
 */
export const TOKEN_VARIABLES: readonly string[] = ['AWS_TOKEN', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'];

/**
 * The header that carries the SSRF token on every request but `/ping`.
 *
 * @example
 * ```ts
 * request.setHeader(TOKEN_HEADER, token);
 * ```
 */
export const TOKEN_HEADER = 'X-Aws-Parameters-Secrets-Token';

/**
 * The SSRF token as the agent takes it: the first of {@link TOKEN_VARIABLES} that is set; a
 * value `file:///path` is read from that file (trimmed). `undefined` when none is set or the
 * file cannot be read.
 *
 * @example
 * ```ts
 * process.env.AWS_TOKEN = 'file:///var/run/awssmatoken';
 * resolveToken(); // the file's contents, trimmed
 * ```
 */
export function resolveToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = TOKEN_VARIABLES.map((name) => env[name]).find((found) => found !== undefined);
  if (value === undefined || !value.startsWith('file://')) return value;
  try {
    return readFileSync(value.slice('file://'.length), 'utf8').trim();
  } catch {
    return undefined;
  }
}
