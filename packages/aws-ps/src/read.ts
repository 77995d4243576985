import type { Parameter } from '@aws-sdk/client-ssm';
import type { RawSecret, ReadRequest } from '@coffer/core';

/** A parameter as coffer hands it on: a `StringList` flagged as a list. */
export function rawOf(parameter: Parameter): RawSecret {
  const value = parameter.Value ?? '';
  return parameter.Type === 'StringList' ? { value, list: true } : { value };
}

/**
 * Pairs the parameters of one `GetParameters` answer with the requests. Names in
 * `InvalidParameters` do not exist. AWS names a selected version by `Name` + `Selector`; an
 * emulator may leave `Selector` out (or rename a Secrets Manager reference), so what is left is
 * paired in order, which `GetParameters` keeps.
 */
export function pairParameters(
  requests: readonly ReadRequest[],
  parameters: readonly Parameter[],
  invalid: readonly string[],
): Array<RawSecret | undefined> {
  const missing = new Set(invalid);
  const results: Array<RawSecret | undefined> = requests.map(() => undefined);
  const open = new Set(requests.keys());
  const unused: Parameter[] = [];
  for (const parameter of parameters) {
    const key = `${parameter.Name ?? ''}${parameter.Selector ?? ''}`;
    const index = requests.findIndex((request, i) => open.has(i) && request.path === key);
    if (index === -1) {
      unused.push(parameter);
      continue;
    }
    results[index] = rawOf(parameter);
    open.delete(index);
  }
  for (const index of open) {
    if (unused.length === 0) break;
    const request = requests[index];
    if (!request || missing.has(request.path)) continue;
    results[index] = rawOf(unused.shift() as Parameter);
  }
  return results;
}
