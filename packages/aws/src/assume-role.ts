import type { STSClient, STSClientConfig } from '@aws-sdk/client-sts';
import type { AssumeRoleOptions, AwsCredentials } from './options.js';

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
export function assumeRoleCredentials(role: AssumeRoleOptions, base: STSClientConfig): RoleCredentials {
  let sts: STSClient | undefined;
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;

  const assume = (): Promise<AwsCredentials> => {
    pending ??= (async () => {
      // STS is loaded on the first AssumeRole only: most instances never assume a role, and the
      // client costs milliseconds of cold start to load.
      const { AssumeRoleCommand, STSClient: Client } = await import('@aws-sdk/client-sts');
      sts ??= new Client(base);
      const response = await sts.send(
        new AssumeRoleCommand({
          RoleArn: role.roleArn,
          RoleSessionName: role.sessionName ?? 'coffer',
          DurationSeconds: role.durationSeconds ?? 3600,
          ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
        }),
      );
      const issued = response.Credentials;
      if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      cached = {
        accessKeyId: issued.AccessKeyId,
        secretAccessKey: issued.SecretAccessKey,
        ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
        ...(issued.Expiration ? { expiration: issued.Expiration } : {}),
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
