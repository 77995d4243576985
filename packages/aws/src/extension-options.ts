import { ValidationError } from '@coffer/core';

/**
 * Where and how to reach the local HTTP protocol of the AWS Parameters and Secrets Lambda
 * Extension, the AWS Secrets Manager Agent or `coffer serve`, always on 127.0.0.1.
 *
 * @example
 * ```ts
 * const options: ExtensionOptions = { port: 2773, startupWaitMs: 3000 };
 * ```
 */
export interface ExtensionOptions {
  /** The port. @default `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`, else 2773 */
  port?: number;
  /**
   * The SSRF token sent in `X-Aws-Parameters-Secrets-Token`.
   * @default the first of `AWS_TOKEN`, `AWS_SESSION_TOKEN`, `AWS_CONTAINER_AUTHORIZATION_TOKEN` (a `file://` value is read from the file)
   */
  token?: string;
  /**
   * How long to keep trying while nothing listens on the port yet (the extension starts with
   * the function), in milliseconds.
   * @default 2000
   */
  startupWaitMs?: number;
  /**
   * Total attempts per read; 429, 5xx and dropped connections are retried with jittered back-off.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * How long one attempt may take, the whole body included, in milliseconds (a miss makes the
   * extension call AWS).
   * @default 5000
   */
  timeoutMs?: number;
}

/**
 * The option names of {@link ExtensionOptions}.
 *
 * @example
 * ```ts
 * EXTENSION_OPTION_NAMES.includes('port'); // true
 * ```
 */
export const EXTENSION_OPTION_NAMES: readonly string[] = ['port', 'token', 'startupWaitMs', 'maxAttempts', 'timeoutMs'];

/**
 * {@link ExtensionOptions} with every default filled in, except the token (read on first use).
 *
 * @example
 * ```ts
 * const { port, maxAttempts }: ExtensionSettings = extensionSettings({}, 'aws.sm'); // 2773, 3
 * ```
 */
export interface ExtensionSettings {
  readonly port: number;
  readonly token: string | undefined;
  readonly startupWaitMs: number;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
}

const isInteger = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * Checks extension options before anything is sent and fills in the defaults (the port from
 * `PARAMETERS_SECRETS_EXTENSION_HTTP_PORT`). Throws a `ValidationError`.
 *
 * @example
 * ```ts
 * extensionSettings({ port: 70000 }, 'aws.ps'); // throws: port must be an integer from 1 to 65535
 * ```
 */
export function extensionSettings(options: unknown, provider: string): ExtensionSettings {
  const fail = (message: string): never => {
    throw new ValidationError(message, { provider });
  };
  const given = (options ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) fail('extension options must be an object');
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !EXTENSION_OPTION_NAMES.includes(name)) fail(`unknown extension option '${name}'`);
  }
  const envPort = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  if (given.port === undefined && envPort !== undefined && !/^\d{1,5}$/.test(envPort))
    fail('PARAMETERS_SECRETS_EXTENSION_HTTP_PORT must be a port number');
  const port = given.port ?? (envPort === undefined ? 2773 : Number(envPort));
  if (!isInteger(port, 1, 65535)) fail('port must be an integer from 1 to 65535');
  if (given.token !== undefined && (typeof given.token !== 'string' || given.token === '' || /[\r\n]/.test(given.token)))
    fail('token must be a non-empty string on one line');
  const startupWaitMs = given.startupWaitMs ?? 2000;
  if (!isInteger(startupWaitMs, 0, 60_000)) fail('startupWaitMs must be an integer number of milliseconds from 0 to 60000');
  const maxAttempts = given.maxAttempts ?? 3;
  if (!isInteger(maxAttempts, 1, 10)) fail('maxAttempts must be an integer from 1 to 10');
  const timeoutMs = given.timeoutMs ?? 5000;
  if (!isInteger(timeoutMs, 1, 600_000)) fail('timeoutMs must be an integer number of milliseconds from 1 to 600000');
  return {
    port: port as number,
    token: given.token as string | undefined,
    startupWaitMs: startupWaitMs as number,
    maxAttempts: maxAttempts as number,
    timeoutMs: timeoutMs as number,
  };
}
