import type { Parameter } from '@aws-sdk/client-ssm';
import type { RawSecret, ReadRequest } from '@coffer/core';
import { isReference } from './names.js';
import { rawOf } from './raw-of.js';

/** The answer to one request of a batch that cannot be paired without doubt: read it alone. */
export const UNPAIRED: unique symbol = Symbol('unpaired');

/** What pairing gives each request: its parameter, `undefined` (it does not exist), or doubt. */
export type Paired = RawSecret | undefined | typeof UNPAIRED;

function split(path: string): { name: string; selector: string } {
  const colon = path.lastIndexOf(':');
  return colon === -1 ? { name: path, selector: '' } : { name: path.slice(0, colon), selector: path.slice(colon + 1) };
}

/**
 * Pairs the requests of one name with that name's answers when an emulator leaves `Selector`
 * out: version numbers by `Version`, the bare name with the highest version (no answer can be
 * newer than the latest), and a label only when it is the one request left for one answer left.
 * With as many answers as requests, nothing else can be true; otherwise nothing is paired.
 */
function pairOneName(indices: number[], selectors: string[], answers: Parameter[], pair: (index: number, parameter: Parameter) => void) {
  if (answers.length !== indices.length) return;
  const left = [...answers];
  const labels: number[] = [];
  const takeWhere = (index: number, position: number) => {
    if (position === -1) return false;
    pair(index, left.splice(position, 1)[0] as Parameter);
    return true;
  };
  indices.forEach((index, i) => {
    const selector = selectors[i] as string;
    if (/^\d+$/.test(selector))
      takeWhere(
        index,
        left.findIndex((parameter) => String(parameter.Version) === selector),
      );
    else if (selector !== '') labels.push(index);
  });
  indices.forEach((index, i) => {
    if (selectors[i] !== '') return;
    const latest = Math.max(...left.map((parameter) => parameter.Version ?? 0));
    takeWhere(
      index,
      left.findIndex((parameter) => (parameter.Version ?? 0) === latest),
    );
  });
  if (labels.length === 1 && left.length === 1) pair(labels[0] as number, left[0] as Parameter);
}

/**
 * Pairs the parameters of one `GetParameters` answer with its requests, by name, never by
 * position: AWS names a selected version by `Name` + `Selector`; an emulator that leaves
 * `Selector` out is paired name by name (see `pairOneName`). A name listed in `InvalidParameters`
 * does not exist. Whatever cannot be paired without doubt (several labels of one name, an answer
 * missing or extra) is {@link UNPAIRED}, for the caller to read alone.
 *
 * @example
 * ```ts
 * pairParameters(requests, response.Parameters ?? [], response.InvalidParameters ?? []);
 * ```
 */
export function pairParameters(requests: readonly ReadRequest[], parameters: readonly Parameter[], invalid: readonly string[]): Paired[] {
  const missing = new Set(invalid);
  const results: Paired[] = requests.map((request) => (missing.has(request.path) ? undefined : UNPAIRED));
  const paired = new Set<number>();
  const pair = (index: number, parameter: Parameter) => {
    results[index] = rawOf(parameter);
    paired.add(index);
  };
  const unselected: Parameter[] = [];
  for (const parameter of parameters) {
    const index = parameter.Selector
      ? requests.findIndex((request, i) => !paired.has(i) && request.path === `${parameter.Name ?? ''}${parameter.Selector}`)
      : -1;
    if (index === -1) unselected.push(parameter);
    else pair(index, parameter);
  }
  const open = new Map<string, number[]>();
  requests.forEach((request, index) => {
    if (paired.has(index) || missing.has(request.path)) return;
    const { name } = split(request.path);
    open.set(name, [...(open.get(name) ?? []), index]);
  });
  for (const [name, indices] of open) {
    const selectors = indices.map((index) => split((requests[index] as ReadRequest).path).selector);
    pairOneName(
      indices,
      selectors,
      unselected.filter((parameter) => parameter.Name === name),
      pair,
    );
  }
  // A Secrets Manager reference is always read alone, and its answer may carry another name.
  const only = requests[0];
  if (requests.length === 1 && only && isReference(only.path) && !paired.has(0) && parameters.length === 1)
    pair(0, parameters[0] as Parameter);
  return results;
}
