import type { Parameter } from '@aws-sdk/client-ssm';
import type { RawSecret, ReadRequest } from '@coffer/core';
import { rawOf } from './raw-of';

function split(path: string): { name: string; selector: string } {
  const colon = path.lastIndexOf(':');
  return colon === -1 ? { name: path, selector: '' } : { name: path.slice(0, colon), selector: path.slice(colon + 1) };
}

/**
 * Pairs the parameters of one `GetParameters` answer with the requests; names listed in
 * `InvalidParameters` do not exist. AWS names a selected version by `Name` + `Selector`. An
 * emulator may leave `Selector` out (or rename a Secrets Manager reference): then a version
 * selector is paired by `Version`, a bare name with the latest version, and what is left (labels)
 * in order.
 */
export function pairParameters(
  requests: readonly ReadRequest[],
  parameters: readonly Parameter[],
  invalid: readonly string[],
): Array<RawSecret | undefined> {
  const missing = new Set(invalid);
  const results: Array<RawSecret | undefined> = requests.map(() => undefined);
  const unused = [...parameters];
  const take = (index: number, position: number) => {
    results[index] = rawOf(unused.splice(position, 1)[0] as Parameter);
  };
  const open: number[] = [];
  requests.forEach((request, index) => {
    const position = unused.findIndex(
      (parameter) => `${parameter.Name ?? ''}${parameter.Selector ?? ''}` === request.path && parameter.Selector,
    );
    if (position !== -1) take(index, position);
    else if (!missing.has(request.path)) open.push(index);
  });
  const labels: number[] = [];
  for (const index of open) {
    const { name, selector } = split((requests[index] as ReadRequest).path);
    const same = unused.map((parameter, position) => ({ parameter, position })).filter(({ parameter }) => parameter.Name === name);
    let match: { position: number } | undefined;
    if (/^\d+$/.test(selector)) match = same.find(({ parameter }) => String(parameter.Version) === selector);
    else if (selector === '') match = same.sort((a, b) => (b.parameter.Version ?? 0) - (a.parameter.Version ?? 0))[0];
    if (match) take(index, match.position);
    else labels.push(index);
  }
  for (const index of labels) if (unused.length > 0) take(index, 0);
  return results;
}
