import type { Parameter } from '@aws-sdk/client-ssm';
import type { RawSecret } from '@coffer/core';

/** A parameter as coffer hands it on: a `StringList` flagged as a list. */
export function rawOf(parameter: Pick<Parameter, 'Value' | 'Type'>): RawSecret {
  const value = parameter.Value ?? '';
  return parameter.Type === 'StringList' ? { value, list: true } : { value };
}
