import {
  DescribeParametersCommand,
  type ParameterMetadata,
  type ParameterTier,
  type ParameterType,
  PutParameterCommand,
  type PutParameterCommandInput,
} from '@aws-sdk/client-ssm';
import type { AwsCalls } from '@coffer/aws';
import { type CallContext, SecretNotFoundError, type UpdateRequest, ValidationError } from '@coffer/core';
import { PROVIDER } from './names.js';

const STANDARD_LIMIT = 4096;
const ADVANCED_LIMIT = 8192;

/** The text and, for a `string[]`, the list flag of a value to write. */
export function textOf(value: UpdateRequest['value'], path: string): { text: string; list: boolean } {
  // Parameter Store refuses an empty value; an empty StringList item would read back as no item.
  if (value === '') throw new ValidationError('Parameter Store cannot hold an empty value', { provider: PROVIDER, path });
  if (typeof value === 'string') return { text: value, list: false };
  if (value instanceof Uint8Array) throw new ValidationError('Parameter Store cannot hold binary values', { provider: PROVIDER, path });
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    if (value.some((item: string) => item.includes(',')))
      throw new ValidationError('StringList items cannot contain a comma', { provider: PROVIDER, path });
    if (value.length === 0 || value.includes(''))
      throw new ValidationError('a StringList needs at least one item, and no empty one', { provider: PROVIDER, path });
    return { text: value.join(','), list: true };
  }
  return { text: JSON.stringify(value), list: false };
}

function checkSize(text: string, limit: number, path: string): void {
  if (Buffer.byteLength(text, 'utf8') > limit)
    throw new ValidationError(`value is larger than ${limit / 1024} KB, the limit of this parameter's tier`, { provider: PROVIDER, path });
}

async function describe(calls: AwsCalls, name: string, context: CallContext): Promise<ParameterMetadata | undefined> {
  const input = { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] };
  const pages = calls.paginate(DescribeParametersCommand, input, context, { maxPages: 50 });
  // DescribeParameters may answer a page without the match and a NextToken.
  for await (const page of pages) {
    const found = page.Parameters?.find((parameter) => parameter.Name === name);
    if (found) return found;
  }
  return undefined;
}

/**
 * `update` of aws.ps: overwrites an existing parameter keeping its type, KMS key, tier,
 * description, allowed pattern and data type (read with `DescribeParameters` first); a missing
 * one is `SecretNotFoundError` unless `create` (then a `SecureString` by default). Sizes are
 * checked before the write: 4 KB standard, 8 KB advanced.
 */
export async function updateParameter(calls: AwsCalls, request: UpdateRequest, context: CallContext): Promise<void> {
  const { path, options } = request;
  const { text, list } = textOf(request.value, path);
  const requestedTier = options.tier as ParameterTier | undefined;
  checkSize(text, requestedTier === 'Standard' ? STANDARD_LIMIT : ADVANCED_LIMIT, path);
  try {
    const existing = await describe(calls, path, context);
    let input: PutParameterCommandInput;
    if (existing) {
      const tier = requestedTier ?? existing.Tier;
      checkSize(text, tier === 'Standard' ? STANDARD_LIMIT : ADVANCED_LIMIT, path);
      input = {
        Name: path,
        Value: text,
        Type: existing.Type,
        Overwrite: true,
        ...(existing.Type === 'SecureString' && existing.KeyId ? { KeyId: existing.KeyId } : {}),
        ...(tier ? { Tier: tier } : {}),
        ...(existing.Description ? { Description: existing.Description } : {}),
        ...(existing.AllowedPattern ? { AllowedPattern: existing.AllowedPattern } : {}),
        ...(existing.DataType ? { DataType: existing.DataType } : {}),
      };
    } else {
      if (!request.create) throw new SecretNotFoundError('Secret not found', { provider: PROVIDER, path });
      const type = (options.type as ParameterType | undefined) ?? (list ? 'StringList' : 'SecureString');
      checkSize(text, requestedTier === 'Advanced' || requestedTier === 'Intelligent-Tiering' ? ADVANCED_LIMIT : STANDARD_LIMIT, path);
      input = {
        Name: path,
        Value: text,
        Type: type,
        Overwrite: false,
        ...(options.kmsKeyId && type === 'SecureString' ? { KeyId: options.kmsKeyId as string } : {}),
        ...(requestedTier ? { Tier: requestedTier } : {}),
        ...(options.description ? { Description: options.description as string } : {}),
      };
    }
    await calls.send(new PutParameterCommand(input), context);
  } catch (error) {
    throw calls.fail(error, path);
  }
}
