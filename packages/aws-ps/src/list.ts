import { GetParametersByPathCommand, type ParameterStringFilter } from '@aws-sdk/client-ssm';
import type { AwsCalls } from '@coffer/aws';
import type { CallContext, ListRequest, RawSecret, ReadRequest } from '@coffer/core';
import { isReference } from './names.js';
import { rawOf } from './raw-of.js';
import { readParameters } from './read.js';

/** `getByPath` of aws.ps: every page of `GetParametersByPath`, keyed by full name. */
export async function listParameters(aws: AwsCalls, request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>> {
  const { type, kmsKeyId, decrypt } = request.options;
  const filters: ParameterStringFilter[] = [];
  if (type) filters.push({ Key: 'Type', Option: 'Equals', Values: [type as string] });
  if (kmsKeyId) filters.push({ Key: 'KeyId', Option: 'Equals', Values: [kmsKeyId as string] });
  const input = {
    Path: request.path,
    Recursive: request.recursive,
    WithDecryption: decrypt !== false,
    ...(filters.length ? { ParameterFilters: filters } : {}),
  };
  const out: Record<string, RawSecret> = {};
  try {
    for await (const page of aws.paginate(GetParametersByPathCommand, input, context))
      for (const parameter of page.Parameters ?? []) if (parameter.Name) out[parameter.Name] = rawOf(parameter);
  } catch (error) {
    throw aws.fail(error, request.path);
  }
  return out;
}

/** `pathExists` of aws.ps: a parameter of exactly this name, or any parameter under `path/`. */
export async function parameterExists(aws: AwsCalls, request: ReadRequest, context: CallContext): Promise<boolean> {
  const { path } = request;
  try {
    // Secrets Manager references are only served decrypted, and have nothing under them.
    if (isReference(path)) {
      const [answer] = await readParameters(aws, [{ path, options: { decrypt: true } }], context);
      if (answer instanceof Error) throw answer;
      return answer !== undefined;
    }
    if (path !== '/') {
      const [answer] = await readParameters(aws, [{ path, options: { decrypt: false } }], context);
      if (answer instanceof Error) throw answer;
      if (answer !== undefined) return true;
      if (!path.startsWith('/')) return false;
    }
    const prefix = path === '/' ? '/' : `${path}/`;
    const input = { Path: path, Recursive: true, MaxResults: 1 };
    // `/a/b` must not be answered by `/a/bc`: only names under `path/` count.
    for await (const page of aws.paginate(GetParametersByPathCommand, input, context))
      if (page.Parameters?.some((parameter) => parameter.Name?.startsWith(prefix))) return true;
    return false;
  } catch (error) {
    throw aws.fail(error, path);
  }
}
