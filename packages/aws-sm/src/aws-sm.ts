import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsOptions, awsProviderBase } from '@coffer/aws';
import type { CallContext, ListRequest, Provider, ProviderFactory, RawSecret, ReadRequest } from '@coffer/core';
import { normalizeSecretRequest } from './names';
import { getBatch, getOne, isAccessDenied, listBatch, listSingly, mapLimited, type ReadContext } from './read';
import { updateSecret } from './update';

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
}

const PROVIDER = 'aws.sm';

/**
 * The `aws.sm` provider: AWS Secrets Manager. Batched reads and listings go through
 * `BatchGetSecretValue` (20 ids a call), falling back to one `GetSecretValue` each once the batch
 * call is denied; reads of a `versionId` / `versionStage` use `GetSecretValue`; existence is
 * `DescribeSecret` (no value read); writes are `PutSecretValue` (`CreateSecret` with `create`).
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsSm({ region: 'eu-west-1' }) });
 * await client.get('prod/db', { keypath: ['password'] });
 * ```
 */
export const awsSm: ProviderFactory<AwsSmOptions> = (options = {}) => {
  const { session, client, scope, fail, close, describe } = awsProviderBase(options, {
    provider: PROVIDER,
    clientName: 'a SecretsManagerClient',
    make: (config) => new SecretsManagerClient(config),
  });
  // Set once BatchGetSecretValue is denied: from then on, one GetSecretValue per secret.
  let batchDenied = false;
  const reader = (context: CallContext): ReadContext => ({ sm: client(), session, context });

  async function getMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>> {
    const read = reader(context);
    const versioned = requests.some((request) => request.options.versionId !== undefined || request.options.versionStage !== undefined);
    if (!versioned && !batchDenied) {
      try {
        return await getBatch(read, requests);
      } catch (error) {
        if (!isAccessDenied(error)) return requests.map((request) => fail(error, request.path));
        batchDenied = true;
      }
    }
    return mapLimited(requests, requests.length, (request) => getOne(read, request));
  }

  async function list(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>> {
    const read = reader(context);
    let found: Map<string, RawSecret> | undefined;
    try {
      if (!batchDenied) {
        try {
          found = await listBatch(read, request.path);
        } catch (error) {
          if (!isAccessDenied(error)) throw error;
          batchDenied = true;
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
    const read = reader(context);
    try {
      const secret = await session.send(() => read.sm.send(new DescribeSecretCommand({ SecretId: request.path })), context);
      return secret.DeletedDate === undefined;
    } catch (error) {
      if ((error as { name?: unknown }).name === 'ResourceNotFoundException') return false;
      throw fail(error, request.path);
    }
  }

  const provider: Provider = {
    name: PROVIDER,
    scope,
    maxBatchSize: 20,
    options: {
      get: { versionId: 'string', versionStage: 'string' },
      list: {},
      exists: {},
      update: { kmsKeyId: 'string', description: 'string' },
    },
    normalize: normalizeSecretRequest,
    getMany,
    list,
    exists,
    update: (request, context) => updateSecret(reader(context).sm, session, request, context),
    close,
  };
  return describe(provider, 'awsSm');
};
