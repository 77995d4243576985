import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  type SecretValueEntry,
} from '@aws-sdk/client-secrets-manager';
import { type AwsCalls, awsErrorKind } from '@coffer/aws';
import { type CallContext, mapLimited, type RawSecret, type ReadRequest } from '@coffer/core';
import { FALLBACK_CONCURRENCY } from './batch-gate.js';
import { rawOf } from './raw-of.js';

/** What the reads share: the provider's calls to AWS and the call context. */
export interface ReadContext {
  readonly aws: AwsCalls;
  readonly context: CallContext;
}

/** One `GetSecretValue`: the value, `undefined` when the secret does not exist, or the mapped error. */
export async function getOne({ aws, context }: ReadContext, request: ReadRequest): Promise<RawSecret | undefined | Error> {
  const { versionId, versionStage } = request.options as { versionId?: string; versionStage?: string };
  try {
    const input = {
      SecretId: request.path,
      ...(versionId ? { VersionId: versionId } : {}),
      ...(versionStage ? { VersionStage: versionStage } : {}),
    };
    return rawOf(await aws.send(new GetSecretValueCommand(input), context));
  } catch (error) {
    return awsErrorKind(error) === 'not-found' ? undefined : aws.fail(error, request.path);
  }
}

/** One `BatchGetSecretValue` by ids: per-request values, `undefined` for not found, errors of their own. Throws when the call fails. */
export async function getBatch(
  { aws, context }: ReadContext,
  requests: readonly ReadRequest[],
): Promise<Array<RawSecret | undefined | Error>> {
  const found = new Map<string, SecretValueEntry>();
  const failed = new Map<string, string>();
  const input = { SecretIdList: requests.map((request) => request.path) };
  for await (const page of aws.paginate(BatchGetSecretValueCommand, input, context)) {
    for (const entry of page.SecretValues ?? []) {
      if (entry.Name) found.set(entry.Name, entry);
      if (entry.ARN) found.set(entry.ARN, entry);
    }
    for (const error of page.Errors ?? []) if (error.SecretId) failed.set(error.SecretId, error.ErrorCode ?? 'UnknownError');
  }
  return requests.map((request) => {
    const entry = found.get(request.path);
    if (entry) return rawOf(entry);
    const code = failed.get(request.path);
    const error = Object.assign(new Error(code), { name: code });
    if (code === undefined || awsErrorKind(error) === 'not-found') return undefined;
    // A per-secret error (DecryptionFailure, AccessDeniedException, ...) belongs to its caller only.
    return aws.fail(error, request.path);
  });
}

/** The secrets under `folder` (a prefix ending in `/`), through `BatchGetSecretValue` with a name filter (20 a page). */
export async function listBatch({ aws, context }: ReadContext, folder: string): Promise<Map<string, RawSecret>> {
  const out = new Map<string, RawSecret>();
  const input = { Filters: [{ Key: 'name' as const, Values: [folder] }], MaxResults: 20 };
  for await (const page of aws.paginate(BatchGetSecretValueCommand, input, context)) {
    for (const entry of page.SecretValues ?? []) {
      const raw = rawOf(entry);
      if (entry.Name?.startsWith(folder) && raw) out.set(entry.Name, raw);
    }
  }
  return out;
}

/** The names under `folder` by `ListSecrets` (no value read), page by page. */
export async function* namesUnder({ aws, context }: ReadContext, folder: string, pageSize = 100): AsyncGenerator<string[]> {
  const input = { Filters: [{ Key: 'name' as const, Values: [folder] }], MaxResults: pageSize };
  for await (const page of aws.paginate(ListSecretsCommand, input, context))
    yield (page.SecretList ?? []).flatMap((secret) => (secret.Name?.startsWith(folder) ? [secret.Name] : []));
}

/** The same listing where batch reads are denied: `ListSecrets` for the names, then one `GetSecretValue` each. */
export async function listSingly(read: ReadContext, folder: string): Promise<Map<string, RawSecret>> {
  const names: string[] = [];
  for await (const page of namesUnder(read, folder)) names.push(...page);
  const values = await mapLimited(names, FALLBACK_CONCURRENCY, (name) => getOne(read, { path: name, options: {} }));
  const out = new Map<string, RawSecret>();
  values.forEach((value, i) => {
    if (value instanceof Error) throw value;
    if (value) out.set(names[i] as string, value);
  });
  return out;
}
