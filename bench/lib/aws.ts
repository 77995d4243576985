import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' } as const;

/** The environment every AWS client of the bench (and of its child processes) runs with: no real account, no instance metadata. */
export function awsEnvironment(endpoint?: string): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}),
  };
}

/** The SDK client configuration for an endpoint (the same for coffer, Powertools and the plain SDK). */
export function sdkConfig(endpoint: string, extra: Record<string, unknown> = {}) {
  return { region: REGION, endpoint, credentials: CREDENTIALS, ...extra };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export const numbered = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

export async function seedParameters(endpoint: string, names: readonly string[], value: (name: string) => string): Promise<void> {
  const ssm = new SSMClient(sdkConfig(endpoint));
  await pool(names, 16, (name) =>
    ssm.send(new PutParameterCommand({ Name: name, Value: value(name), Type: 'SecureString', Overwrite: true })),
  );
  ssm.destroy();
}

export async function seedSecrets(endpoint: string, names: readonly string[], value: (name: string) => string): Promise<void> {
  const sm = new SecretsManagerClient(sdkConfig(endpoint));
  await pool(names, 16, (name) => sm.send(new CreateSecretCommand({ Name: name, SecretString: value(name) })));
  sm.destroy();
}
