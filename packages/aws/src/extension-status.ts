import { type CofferError, ProviderError } from '@coffer/core';
import { awsErrorKind, mapAwsError } from './map-error.js';

// A not-found code in a body that is not JSON (the classifier decides what the code means).
const NOT_FOUND = /\b(ResourceNotFoundException|ParameterNotFound|ParameterVersionNotFound)\b/;
const AWS_CODE = /^[A-Za-z][A-Za-z0-9]{2,80}$/;

/**
 * What an answer of the extension protocol means: a value to parse, a secret that does not
 * exist, or an error to throw (`retry` when another attempt may succeed).
 *
 * @example
 * ```ts
 * const outcome: ExtensionOutcome = classifyStatus(404, '', { provider: 'aws.sm', path: 'db' });
 * if (outcome.kind === 'error') throw outcome.error;
 * ```
 */
export type ExtensionOutcome =
  | { readonly kind: 'value' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'error'; readonly error: CofferError; readonly retry: boolean };

/**
 * The AWS error code of an error body (`{"__type":"ResourceNotFoundException", ...}`, the type
 * possibly namespaced with `#`), only when it looks like a code: the body itself is never kept,
 * since AWS messages may quote input.
 *
 * @example
 * ```ts
 * errorCodeOf('{"__type":"ResourceNotFoundException","message":"..."}'); // 'ResourceNotFoundException'
 * ```
 */
export function errorCodeOf(body: string): string | undefined {
  try {
    const type = (JSON.parse(body) as { __type?: unknown }).__type;
    if (typeof type !== 'string') return undefined;
    const code = type.slice(type.lastIndexOf('#') + 1);
    return AWS_CODE.test(code) ? code : undefined;
  } catch {
    return NOT_FOUND.exec(body)?.[1];
  }
}

/**
 * Maps a status of the extension protocol to coffer's errors. 200 is a value; not-found codes
 * (AWS answers them with 400) are a missing secret; 400 is a rejected request; 403 a refused
 * token (or access denied); 404 without a not-found code a route the server lacks; 429 and
 * 5xx are transient (502: the server could not reach AWS, 504: AWS timed out) and retried.
 *
 * @example
 * ```ts
 * classifyStatus(429, '', { provider: 'aws.sm', path: 'prod/db' }); // a transient ProviderError, retried
 * ```
 */
export function classifyStatus(status: number, body: string, where: { provider: string; path: string }): ExtensionOutcome {
  if (status === 200) return { kind: 'value' };
  const code = errorCodeOf(body);
  if (code && awsErrorKind({ name: code }) === 'not-found') return { kind: 'missing' };
  const fail = (message: string, transient: boolean, retry = transient): ExtensionOutcome => ({
    kind: 'error',
    error: new ProviderError(message, { ...where, transient, cause: { status, code } }),
    retry,
  });
  if (status === 429) return fail('the extension is throttled (HTTP 429)', true);
  if (status >= 500) {
    const reason = status === 502 ? ': it could not reach AWS' : status === 504 ? ': AWS did not answer in time' : '';
    return fail(`the extension failed (HTTP ${status}${code ? `, ${code}` : ''})${reason}`, true);
  }
  if (code) {
    // An AWS error passed through (AccessDeniedException, DecryptionFailure, ...): mapped as the SDK path maps it.
    return { kind: 'error', error: mapAwsError({ name: code, $metadata: { httpStatusCode: status } }, where), retry: false };
  }
  if (status === 403)
    return fail('the extension refused the token (HTTP 403): it must be the AWS_SESSION_TOKEN of the function, or the token option', false);
  if (status === 404) return fail('the extension does not serve this route (HTTP 404)', false);
  if (status === 400) return fail('the extension rejected the request (HTTP 400)', false);
  return fail(`the extension answered HTTP ${status}`, false);
}
