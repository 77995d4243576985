import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { type AwsCalls, awsErrorKind, type SdkOperations } from '@coffer/aws';
import { type CallContext, type ListRequest, mapLimited, type RawSecret, type ReadRequest } from '@coffer/core';
import { BatchGate, FALLBACK_CONCURRENCY } from './batch-gate.js';
import { getBatch, getOne, listBatch, listSingly, namesUnder, type ReadContext } from './read.js';
import { RotationWatch } from './rotation.js';
import { updateSecret } from './update.js';

/** A path as a folder: `nc/prod` and `nc/prod/` both list what lies under `nc/prod/`. */
export const folderOf = (path: string): string => (path.endsWith('/') ? path : `${path}/`);

/**
 * What aws.sm does through the SDK. Reads and listings try `BatchGetSecretValue` while the gate
 * is open (not once it was denied, nor in a cool-down after throttling), else one
 * `GetSecretValue` each. A path is a folder, as in aws.ps: `nc/prod` lists and finds what lies
 * under `nc/prod/`, never `nc/production`. With `recheckMs` (the `rotation` option), reads of
 * `AWSCURRENT` expire with the rotation schedule of their secret (see {@link RotationWatch}).
 */
export function secretsManagerOperations(aws: AwsCalls, recheckMs?: number): SdkOperations {
  const gate = new BatchGate();
  const reader = (context: CallContext): ReadContext => ({ aws, context });
  const rotation = recheckMs === undefined ? undefined : new RotationWatch(aws, recheckMs);

  async function getMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>> {
    const versioned = requests.some((request) => request.options.versionId !== undefined || request.options.versionStage !== undefined);
    if (!rotation || versioned) return readMany(requests, context);
    return rotation.around(requests, context, () => readMany(requests, context));
  }

  async function readMany(requests: readonly ReadRequest[], context: CallContext): Promise<ReadonlyArray<RawSecret | undefined | Error>> {
    const read = reader(context);
    const versioned = requests.some((request) => request.options.versionId !== undefined || request.options.versionStage !== undefined);
    if (!versioned && gate.open()) {
      try {
        const results = await getBatch(read, requests);
        gate.succeeded();
        return results;
      } catch (error) {
        if (!gate.failed(error)) return requests.map((request) => aws.fail(error, request.path));
      }
    }
    return mapLimited(requests, FALLBACK_CONCURRENCY, (request) => getOne(read, request));
  }

  async function list(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>> {
    const read = reader(context);
    const folder = folderOf(request.path);
    let found: Map<string, RawSecret> | undefined;
    try {
      if (gate.open()) {
        try {
          found = await listBatch(read, folder);
          gate.succeeded();
        } catch (error) {
          if (!gate.failed(error)) throw error;
        }
      }
      found ??= await listSingly(read, folder);
    } catch (error) {
      throw aws.fail(error, request.path);
    }
    const out: Record<string, RawSecret> = {};
    for (const name of [...found.keys()].sort()) {
      if (!request.recursive && name.slice(folder.length).includes('/')) continue;
      out[name] = found.get(name) as RawSecret;
    }
    return out;
  }

  async function exists(request: ReadRequest, context: CallContext): Promise<boolean> {
    const { path } = request;
    try {
      try {
        const secret = await aws.send(new DescribeSecretCommand({ SecretId: path }), context);
        if (secret.DeletedDate === undefined) return true;
      } catch (error) {
        if (awsErrorKind(error) !== 'not-found') throw error;
      }
      // Not a secret: a folder, when a secret lies under `path/` (ListSecrets leaves out deleted ones).
      for await (const names of namesUnder(reader(context), folderOf(path), 10)) if (names.length > 0) return true;
      return false;
    } catch (error) {
      throw aws.fail(error, path);
    }
  }

  return { getMany, list, exists, update: (request, context) => updateSecret(aws, request, context) };
}
