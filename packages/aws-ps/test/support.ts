import { randomBytes } from 'node:crypto';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SeedEntry } from '@coffer/conformance';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const region = 'us-east-1';
export const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };

const direct = new Map<string, SSMClient>();
afterAll(() => {
  for (const client of direct.values()) client.destroy();
  direct.clear();
});

/** An SDK client straight to the emulator, for seeding and checking behind the provider's back (destroyed after the file). */
export function directSsm(endpoint = motoEndpoint()): SSMClient {
  let client = direct.get(endpoint);
  if (!client) {
    client = new SSMClient({ region, endpoint, credentials });
    direct.set(endpoint, client);
  }
  return client;
}

/** A unique top-level path for one test. */
export function uniquePrefix(): string {
  return `/t${randomBytes(5).toString('hex')}`;
}

/** Writes fixtures through the SDK: text as String, lists as StringList. */
export async function seedSsm(entries: SeedEntry[], ssm = directSsm()): Promise<void> {
  await Promise.all(
    entries.map(({ name, value }) =>
      ssm.send(
        new PutParameterCommand({
          Name: name,
          Value: Array.isArray(value) ? value.join(',') : String(value),
          Type: Array.isArray(value) ? 'StringList' : 'String',
          Overwrite: true,
        }),
      ),
    ),
  );
}

/** A counting proxy in front of the shared emulator; close it after the test. */
export function proxy(): Promise<AwsProxy> {
  return awsProxy(motoEndpoint());
}

export { motoEndpoint };
