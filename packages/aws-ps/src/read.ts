import { GetParametersCommand, type Parameter } from '@aws-sdk/client-ssm';
import type { AwsCalls } from '@coffer/aws';
import { type CallContext, ProviderError, type RawSecret, type ReadRequest, SecretNotFoundError } from '@coffer/core';
import { isReference, PROVIDER, splitSelector } from './names.js';
import { rawOf } from './raw-of.js';

/** The answer to one request of a batch that cannot be paired without doubt: read it alone. */
export const UNPAIRED: unique symbol = Symbol('unpaired');

/** What pairing gives each request: its parameter, `undefined` (it does not exist), or doubt. */
export type Paired = RawSecret | undefined | typeof UNPAIRED;

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
    const { name } = splitSelector(request.path);
    open.set(name, [...(open.get(name) ?? []), index]);
  });
  for (const [name, indices] of open) {
    const selectors = indices.map((index) => splitSelector((requests[index] as ReadRequest).path).selector);
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

type Result = RawSecret | undefined | Error;

/** One `GetParameters` call; what it cannot pair without doubt is read again alone. */
async function getBatch(aws: AwsCalls, requests: readonly ReadRequest[], context: CallContext): Promise<Result[]> {
  let paired: Paired[];
  try {
    const Names = requests.map((request) => request.path);
    const command = new GetParametersCommand({ Names, WithDecryption: requests[0]?.options.decrypt !== false });
    const response = await aws.send(command, context);
    paired = pairParameters(requests, response.Parameters ?? [], response.InvalidParameters ?? []);
  } catch (error) {
    const mapped = requests.map((request) => aws.fail(error, request.path));
    // A missing Secrets Manager reference fails its whole call (it is sent alone, see readParameters).
    return requests.length === 1 && mapped[0] instanceof SecretNotFoundError ? [undefined] : mapped;
  }
  const alone = async (index: number) => (await getBatch(aws, [requests[index] as ReadRequest], context))[0];
  if (requests.length === 1) return [paired[0] === UNPAIRED ? unpairable(requests[0] as ReadRequest) : paired[0]];
  return Promise.all(paired.map((answer, index) => (answer === UNPAIRED ? alone(index) : answer)));
}

// Neither the parameter nor its name in InvalidParameters: the answer is damaged, and the
// next read may get a whole one.
const unpairable = (request: ReadRequest) =>
  new ProviderError('AWS answered without this parameter', { provider: PROVIDER, path: request.path, transient: true });

/**
 * Reads a batch of parameters (of one `decrypt`) with `GetParameters`, 10 names a call, each
 * request with its own result. Secrets Manager references go alone: `GetParameters` throws
 * `ParameterNotFound` for a missing one instead of listing it in `InvalidParameters`.
 */
export async function readParameters(aws: AwsCalls, requests: readonly ReadRequest[], context: CallContext): Promise<Result[]> {
  const references = requests.filter((request) => isReference(request.path));
  if (references.length === 0) return getBatch(aws, requests, context);
  const plain = requests.filter((request) => !isReference(request.path));
  const groups = [plain, ...references.map((request) => [request])].filter((group) => group.length);
  const answers = await Promise.all(groups.map((group) => getBatch(aws, group, context)));
  const byRequest = new Map<ReadRequest, Result>();
  groups.forEach((group, i) => {
    group.forEach((request, j) => {
      byRequest.set(request, answers[i]?.[j]);
    });
  });
  return requests.map((request) => byRequest.get(request));
}
