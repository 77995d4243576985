import type { FromTemporaryCredentialsOptions } from '@aws-sdk/credential-providers';
import type { AssumeRoleOptions, AwsCredentials } from './options.js';

/**
 * What the STS client of {@link assumeRoleCredentials} is made with: region, endpoint, source
 * credentials (else the SDK's default chain), retries and request handler.
 *
 * @example
 * ```ts
 * const base: AssumeRoleBase = { region: 'eu-west-1', maxAttempts: 3 };
 * ```
 */
export type AssumeRoleBase = NonNullable<FromTemporaryCredentialsOptions['clientConfig']>;

/**
 * Credentials obtained through STS `AssumeRole`, cached and refreshed before they expire.
 *
 * @example
 * ```ts
 * const credentials: RoleCredentials = assumeRoleCredentials({ roleArn }, { region: 'eu-west-1' });
 * await credentials.refresh();
 * ```
 */
export interface RoleCredentials {
  /** The current credentials: cached while more than five minutes from expiry, else assumed again. */
  (): Promise<AwsCredentials>;
  /**
   * Assumes the role again, unless the credentials were already replaced since `seen` (the
   * access key id a failed request was signed with): many requests failing together make one call.
   */
  refresh(seen?: string): Promise<AwsCredentials>;
  /** The access key id now in use, if any. */
  current(): string | undefined;
  /** Tells the SDK this provider does its own caching, so that a refresh takes effect at once. */
  readonly memoized: true;
}

const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Makes a credentials provider that assumes a role with the given base configuration (region,
 * endpoint, source credentials, retries). Concurrent callers share one `AssumeRole` call.
 *
 * @example
 * ```ts
 * const credentials = assumeRoleCredentials({ roleArn: 'arn:aws:iam::123456789012:role/reader' }, { region: 'eu-west-1' });
 * const ssm = new SSMClient({ region: 'eu-west-1', credentials });
 * ```
 */
export function assumeRoleCredentials(role: AssumeRoleOptions, base: AssumeRoleBase): RoleCredentials {
  let temporary: ((properties?: object) => Promise<AwsCredentials>) | undefined;
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;

  const assume = (): Promise<AwsCredentials> => {
    pending ??= (async () => {
      // The SDK's own AssumeRole provider is loaded on the first call only: most instances never
      // assume a role. It sends through the SDK's nested STS client, which every bundle of an
      // SDK client already carries for its default credential chain.
      if (temporary === undefined) {
        const { fromTemporaryCredentials } = await import('./temporary-credentials.js');
        const { credentials, ...clientConfig } = base;
        temporary = fromTemporaryCredentials({
          params: {
            RoleArn: role.roleArn,
            RoleSessionName: role.sessionName ?? 'coffer',
            DurationSeconds: role.durationSeconds ?? 3600,
            ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
          },
          ...(credentials === undefined ? {} : { masterCredentials: credentials }),
          clientConfig,
        });
      }
      // The provider throws when STS answers without a key pair.
      const issued = await temporary();
      cached = {
        accessKeyId: issued.accessKeyId,
        secretAccessKey: issued.secretAccessKey,
        ...(issued.sessionToken ? { sessionToken: issued.sessionToken } : {}),
        ...(issued.expiration ? { expiration: issued.expiration } : {}),
      };
      return cached;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const fresh = (credentials: AwsCredentials | undefined): credentials is AwsCredentials =>
    credentials !== undefined && (!credentials.expiration || credentials.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS);

  const provider = (() => (pending ? pending : fresh(cached) ? Promise.resolve(cached) : assume())) as RoleCredentials;
  Object.assign(provider, {
    refresh(seen?: string) {
      if (pending) return pending;
      if (cached && seen !== undefined && cached.accessKeyId !== seen) return Promise.resolve(cached);
      return assume();
    },
    current: () => cached?.accessKeyId,
    memoized: true,
  });
  return provider;
}
