import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SeedEntry } from '@coffer/conformance';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const region = 'us-east-1';
export const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };

const direct = new Map<string, SecretsManagerClient>();
afterAll(() => {
  for (const client of direct.values()) client.destroy();
  direct.clear();
});

/** An SDK client straight to the emulator, for seeding and checking behind the provider's back (destroyed after the file). */
export function directSm(endpoint = motoEndpoint()): SecretsManagerClient {
  let client = direct.get(endpoint);
  if (!client) {
    client = new SecretsManagerClient({ region, endpoint, credentials });
    direct.set(endpoint, client);
  }
  return client;
}

/** A unique name prefix for one test. */
export function uniquePrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Writes fixtures through the SDK: text as SecretString, bytes as SecretBinary (created, or a new version). */
export async function seedSm(entries: SeedEntry[], sm = directSm()): Promise<void> {
  await Promise.all(
    entries.map(async ({ name, value }) => {
      const payload =
        value instanceof Uint8Array ? { SecretBinary: value } : { SecretString: Array.isArray(value) ? value.join(',') : value };
      try {
        await sm.send(new CreateSecretCommand({ Name: name, ...payload }));
      } catch (error) {
        if ((error as Error).name !== 'ResourceExistsException') throw error;
        await sm.send(new PutSecretValueCommand({ SecretId: name, ...payload }));
      }
    }),
  );
}

/** A counting proxy in front of the shared emulator; close it after the test. */
export function proxy(): Promise<AwsProxy> {
  return awsProxy(motoEndpoint());
}

export { motoEndpoint };
