import { ValidationError } from '@coffer/core';

/**
 * How `aws.ps` and `aws.sm` read: through the AWS SDK, or through the local HTTP protocol of
 * the AWS Parameters and Secrets Lambda Extension (and the Secrets Manager Agent, and `coffer serve`).
 *
 * @example
 * ```ts
 * const transport: AwsTransport = 'extension';
 * ```
 */
export type AwsTransport = 'sdk' | 'extension';

/**
 * The transport an instance uses: its `transport` option, else `COFFER_AWS_TRANSPORT`, else `'sdk'`.
 *
 * @example
 * ```ts
 * process.env.COFFER_AWS_TRANSPORT = 'extension';
 * chooseTransport(undefined, 'aws.ps'); // 'extension'
 * ```
 */
export function chooseTransport(option: unknown, provider: string): AwsTransport {
  const fromEnv = process.env.COFFER_AWS_TRANSPORT;
  const value = option ?? (fromEnv === undefined || fromEnv === '' ? 'sdk' : fromEnv);
  if (value !== 'sdk' && value !== 'extension') {
    const source = option === undefined ? 'COFFER_AWS_TRANSPORT' : 'transport';
    throw new ValidationError(`${source} must be 'sdk' or 'extension'`, { provider });
  }
  return value;
}

/**
 * Takes the `transport` and `extension` options out of a provider's options, leaving the rest
 * for the AWS base to check (anything that is not an object is left whole, for it to reject).
 *
 * @example
 * ```ts
 * const { transport, extension, rest } = takeTransportOptions({ transport: 'extension', region: 'eu-west-1' });
 * ```
 */
export function takeTransportOptions<T>(options: T): { transport: unknown; extension: unknown; rest: T } {
  if (!options || typeof options !== 'object' || Array.isArray(options))
    return { transport: undefined, extension: undefined, rest: options };
  const { transport, extension, ...rest } = options as Record<string, unknown>;
  return { transport, extension, rest: rest as T };
}
