import { isoDate } from '@coffer/aws/extension';
import type { RawSecret, SecretMetadata } from '@coffer/core';

/**
 * A secret value as `GetSecretValue`, `BatchGetSecretValue` or the extension's
 * `/secretsmanager/get` answers it (the extension's JSON gives `SecretBinary` as base64 and dates
 * as epoch seconds).
 */
export interface SecretAnswer {
  readonly SecretString?: string | undefined;
  readonly SecretBinary?: Uint8Array | string | undefined;
  readonly ARN?: string | undefined;
  readonly Name?: string | undefined;
  readonly VersionId?: string | undefined;
  readonly VersionStages?: readonly string[] | undefined;
  readonly CreatedDate?: Date | string | number | undefined;
}

function metadataOf(answer: SecretAnswer): SecretMetadata | undefined {
  const fields: Record<string, string | readonly string[]> = {};
  for (const name of ['ARN', 'Name', 'VersionId'] as const) {
    const value = answer[name];
    if (typeof value === 'string' && value !== '') fields[name] = value;
  }
  const stages = answer.VersionStages;
  if (Array.isArray(stages) && stages.every((stage) => typeof stage === 'string')) fields.VersionStages = [...stages];
  const created = isoDate(answer.CreatedDate);
  if (created) fields.CreatedDate = created;
  if (Object.keys(fields).length === 0) return undefined;
  return {
    ...(typeof fields.VersionId === 'string' ? { version: fields.VersionId } : {}),
    ...(created ? { updatedAt: created } : {}),
    fields,
  };
}

/** A secret as coffer hands it on: text, or bytes for a binary secret, with what AWS said of it. */
export function rawOf(answer: SecretAnswer): RawSecret | undefined {
  const { SecretString: text, SecretBinary: binary } = answer;
  let value: string | Uint8Array;
  if (typeof text === 'string') value = text;
  else if (binary instanceof Uint8Array) value = new Uint8Array(binary);
  else if (typeof binary === 'string') value = new Uint8Array(Buffer.from(binary, 'base64'));
  else return undefined;
  const metadata = metadataOf(answer);
  return metadata ? { value, metadata } : { value };
}
