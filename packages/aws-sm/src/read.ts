import type { SecretValueEntry } from '@aws-sdk/client-secrets-manager';
import { BatchGetSecretValueCommand, GetSecretValueCommand, ListSecretsCommand } from '#sdk/client-secrets-manager';
import { type AwsCalls, mapAwsError } from '@coffer/aws';
import { type CallContext, mapLimited, type RawSecret, type ReadRequest } from '@coffer/core';
import { FALLBACK_CONCURRENCY } from './batch-gate.js';
import { PROVIDER } from './names.js';

/** A secret value as coffer hands it on: text, or bytes for a binary secret. */
export function rawOf(entry: { SecretString?: string; SecretBinary?: Uint8Array }): RawSecret | undefined {
  if (entry.SecretString !== undefined) return { value: entry.SecretString };
  if (entry.SecretBinary !== undefined) return { value: new Uint8Array(entry.SecretBinary) };
  return undefined;
}

const isNotFound = (error: unknown) => (error as { name?: unknown } | null)?.name === 'ResourceNotFoundException';

/** What the reads share: the provider's calls to AWS and the call context. */
export interface ReadContext {
  readonly calls: AwsCalls;
  readonly context: CallContext;
}

/** One `GetSecretValue`: the value, `undefined` when the secret does not exist, or the mapped error. */
export async function getOne({ calls, context }: ReadContext, request: ReadRequest): Promise<RawSecret | undefined | Error> {
  const { versionId, versionStage } = request.options as { versionId?: string; versionStage?: string };
  try {
    const response = await calls.send(
      new GetSecretValueCommand({
        SecretId: request.path,
        ...(versionId ? { VersionId: versionId } : {}),
        ...(versionStage ? { VersionStage: versionStage } : {}),
      }),
      context,
    );
    return rawOf(response);
  } catch (error) {
    return isNotFound(error) ? undefined : mapAwsError(error, { provider: PROVIDER, path: request.path });
  }
}

/** One `BatchGetSecretValue` by ids: per-request values, `undefined` for not found, errors of their own. Throws when the call fails. */
export async function getBatch(
  { calls, context }: ReadContext,
  requests: readonly ReadRequest[],
): Promise<Array<RawSecret | undefined | Error>> {
  const found = new Map<string, SecretValueEntry>();
  const failed = new Map<string, string>();
  const pages = calls.paginate(
    (token) =>
      new BatchGetSecretValueCommand({ SecretIdList: requests.map((request) => request.path), ...(token ? { NextToken: token } : {}) }),
    context,
  );
  for await (const page of pages) {
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
    if (code === undefined || code === 'ResourceNotFoundException') return undefined;
    // A per-secret error (DecryptionFailure, AccessDeniedException, ...) belongs to its caller only.
    return mapAwsError(Object.assign(new Error(code), { name: code }), { provider: PROVIDER, path: request.path });
  });
}

/** The secrets whose names start with `prefix`, through `BatchGetSecretValue` with a name filter (20 a page). */
export async function listBatch({ calls, context }: ReadContext, prefix: string): Promise<Map<string, RawSecret>> {
  const out = new Map<string, RawSecret>();
  const pages = calls.paginate(
    (token) =>
      new BatchGetSecretValueCommand({
        Filters: [{ Key: 'name', Values: [prefix] }],
        MaxResults: 20,
        ...(token ? { NextToken: token } : {}),
      }),
    context,
  );
  for await (const page of pages) {
    for (const entry of page.SecretValues ?? []) {
      const raw = rawOf(entry);
      if (entry.Name && raw) out.set(entry.Name, raw);
    }
  }
  return out;
}

/** The same listing where batch reads are denied: `ListSecrets` for the names, then one `GetSecretValue` each. */
export async function listSingly(read: ReadContext, prefix: string, path: string): Promise<Map<string, RawSecret>> {
  const names: string[] = [];
  const pages = read.calls.paginate(
    (token) =>
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
    read.context,
  );
  for await (const page of pages) for (const secret of page.SecretList ?? []) if (secret.Name?.startsWith(prefix)) names.push(secret.Name);
  const values = await mapLimited(names, FALLBACK_CONCURRENCY, (name) => getOne(read, { path: name, options: {} }));
  const out = new Map<string, RawSecret>();
  values.forEach((value, i) => {
    if (value instanceof Error) throw mapAwsError(value, { provider: PROVIDER, path });
    if (value) out.set(names[i] as string, value);
  });
  return out;
}
