import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeSecretCommand, SecretsManagerClient as SdkSecretsManagerClient } from '#sdk/client-secrets-manager';
import { type AwsOptions, awsProviderBase } from '@coffer/aws';
import {
  type AwsTransport,
  chooseTransport,
  type ExtensionOptions,
  extensionClient,
  extensionSettings,
  takeTransportOptions,
} from '@coffer/aws/extension';
import {
  type CallContext,
  type ListRequest,
  mapLimited,
  type Provider,
  type ProviderFactory,
  type RawSecret,
  type ReadRequest,
} from '@coffer/core';
import { readSecrets } from './extension-read.js';
import { PROVIDER, SECRETS_MANAGER } from './names.js';
import { BatchGate, FALLBACK_CONCURRENCY } from './batch-gate.js';
import { getBatch, getOne, listBatch, listSingly, type ReadContext } from './read.js';
import type { AwsSmTypes } from './types.js';
import { updateSecret } from './update.js';

/**
 * Options of {@link awsSm}: the AWS options plus an optional SDK client.
 *
 * @example
 * ```ts
 * const provider = awsSm({ region: 'eu-west-1', assumeRole: { roleArn } });
 * ```
 */
export interface AwsSmOptions extends AwsOptions {
  /** Your own `SecretsManagerClient`, used as it is: the other AWS options then do not apply. @default one made from the options */
  client?: SecretsManagerClient;
  /**
   * How reads go: `'extension'` reads through the local HTTP protocol of the AWS Parameters and
   * Secrets Lambda Extension or the Secrets Manager Agent (listings, existence and writes still use the SDK).
   * @default `COFFER_AWS_TRANSPORT`, else `'sdk'`
   */
  transport?: AwsTransport;
  /** Where the extension listens, for `transport: 'extension'`. @default port 2773, token from AWS_SESSION_TOKEN */
  extension?: ExtensionOptions;
}

/**
 * The `aws.sm` provider: AWS Secrets Manager. Batched reads and listings go through
 * `BatchGetSecretValue` (20 ids a call), falling back to one `GetSecretValue` each (8 at a
 * time) once the batch call is denied, and for a growing cool-down after it is throttled; reads of a `versionId` / `versionStage` use `GetSecretValue`; existence is
 * `DescribeSecret` (no value read); writes are `PutSecretValue` (`CreateSecret` with `create`).
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsSm({ region: 'eu-west-1' }) });
 * await client.get('prod/db', { keypath: ['password'] });
 * ```
 */
export const awsSm: ProviderFactory<AwsSmOptions, AwsSmTypes> = (options = {}) => {
  const { transport, extension, rest } = takeTransportOptions(options);
  const http =
    chooseTransport(transport, PROVIDER) === 'extension' ? extensionClient(extensionSettings(extension, PROVIDER), PROVIDER) : undefined;
  const base = awsProviderBase(rest, {
    provider: PROVIDER,
    clientName: 'a SecretsManagerClient',
    make: (config) => new SdkSecretsManagerClient(config),
  });
  // Whether BatchGetSecretValue may be tried: not once it is denied, nor for a while after throttling.
  const gate = new BatchGate();
  const { fail } = base;
  const reader = (context: CallContext): ReadContext => ({ calls: base, context });

  async function getMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>> {
    if (http) return readSecrets(http, requests, context);
    const read = reader(context);
    const versioned = requests.some((request) => request.options.versionId !== undefined || request.options.versionStage !== undefined);
    if (!versioned && gate.open()) {
      try {
        const results = await getBatch(read, requests);
        gate.succeeded();
        return results;
      } catch (error) {
        if (!gate.failed(error)) return requests.map((request) => fail(error, request.path));
      }
    }
    return mapLimited(requests, FALLBACK_CONCURRENCY, (request) => getOne(read, request));
  }

  async function list(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>> {
    const read = reader(context);
    let found: Map<string, RawSecret> | undefined;
    try {
      if (gate.open()) {
        try {
          found = await listBatch(read, request.path);
          gate.succeeded();
        } catch (error) {
          if (!gate.failed(error)) throw error;
        }
      }
      found ??= await listSingly(read, request.path, request.path);
    } catch (error) {
      throw fail(error, request.path);
    }
    const out: Record<string, RawSecret> = {};
    const base = request.path.endsWith('/') ? request.path : `${request.path}/`;
    for (const name of [...found.keys()].sort()) {
      // The name filter also matches inside names: keep only those that start with the path.
      if (!name.startsWith(request.path)) continue;
      if (!request.recursive && name.startsWith(base) && name.slice(base.length).includes('/')) continue;
      out[name] = found.get(name) as RawSecret;
    }
    return out;
  }

  async function exists(request: ReadRequest, context: CallContext): Promise<boolean> {
    try {
      const secret = await base.send(new DescribeSecretCommand({ SecretId: request.path }), context);
      return secret.DeletedDate === undefined;
    } catch (error) {
      if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return false;
      throw fail(error, request.path);
    }
  }

  const provider: Provider<AwsSmTypes> = {
    ...SECRETS_MANAGER,
    scope: base.scope,
    getMany,
    list,
    exists,
    update: (request, context) => updateSecret(base, request, context),
    async close() {
      http?.close();
      await base.close();
    },
  };
  return base.describe(provider, 'awsSm');
};
