import type { CallContext } from '@coffer/core';
import type { RoleCredentials } from './assume-role.js';
import { awsClientConfig, type AwsClientConfig, awsScope } from './client-config.js';
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
