import { isoDate } from '@coffer/aws/extension';
import type { RawSecret, SecretMetadata } from '@coffer/core';

/**
 * A parameter as `GetParameters`, `GetParametersByPath` or the extension's
 * `/systemsmanager/parameters/get` answers it (the extension's JSON gives dates as epoch seconds).
 */
export interface ParameterAnswer {
  readonly Value?: string | undefined;
  readonly Type?: string | undefined;
  readonly Version?: number | undefined;
  readonly LastModifiedDate?: Date | string | number | undefined;
  readonly ARN?: string | undefined;
  readonly DataType?: string | undefined;
  readonly Selector?: string | undefined;
}

function metadataOf(parameter: ParameterAnswer): SecretMetadata | undefined {
  const updatedAt = isoDate(parameter.LastModifiedDate);
  const fields: Record<string, string | number> = {};
  if (typeof parameter.Version === 'number') fields.Version = parameter.Version;
  if (updatedAt) fields.LastModifiedDate = updatedAt;
  for (const name of ['ARN', 'Type', 'DataType', 'Selector'] as const) {
    const value = parameter[name];
    if (typeof value === 'string' && value !== '') fields[name] = value;
  }
  if (Object.keys(fields).length === 0) return undefined;
  return {
    ...(fields.Version === undefined ? {} : { version: String(fields.Version) }),
    ...(updatedAt ? { updatedAt } : {}),
    fields,
  };
}

/** A parameter as coffer hands it on: a `StringList` flagged as a list, with what AWS said of it. */
export function rawOf(parameter: ParameterAnswer): RawSecret {
  const value = parameter.Value ?? '';
  const metadata = metadataOf(parameter);
  return { value, ...(parameter.Type === 'StringList' ? { list: true } : {}), ...(metadata ? { metadata } : {}) };
}
