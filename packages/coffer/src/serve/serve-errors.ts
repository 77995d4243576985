import { isCofferError } from '@coffer/core';

/** An HTTP answer of `coffer serve`. */
export interface ServeAnswer {
  readonly status: number;
  readonly body: string;
  readonly json: boolean;
}

const AWS_CODE = /^[A-Za-z][A-Za-z0-9]{2,80}$/;

/** `{"__type": code, "message": message}`, the agent's error body (JSON 1.1), or just the type for `InternalFailure`. */
function awsError(status: number, code: string, message?: string): ServeAnswer {
  const body = message === undefined || code === 'InternalFailure' ? { __type: 'InternalFailure' } : { __type: code, message };
  return { status, body: JSON.stringify(body), json: true };
}

/** The AWS error behind a coffer error, when there is one: its code and HTTP status, never its message. */
function awsCause(error: unknown): { code: string; status: number | undefined } | undefined {
  const cause = (error as { cause?: { name?: unknown; $metadata?: { httpStatusCode?: unknown } } }).cause;
  const name = cause?.name;
  if (typeof name !== 'string' || !AWS_CODE.test(name) || name === 'Error') return undefined;
  const status = cause?.$metadata?.httpStatusCode;
  return { code: name, status: typeof status === 'number' ? status : undefined };
}

/**
 * The answer to a failed read, as the agent gives it: a missing secret is 400
 * `ResourceNotFoundException` (`ParameterNotFound` on the Parameter Store route), invalid input
 * 400, an AWS error its own code and status, a timeout 504, another transient failure 502,
 * anything else 500 `InternalFailure`. Messages are coffer's own (they name paths, never
 * values); AWS messages are never passed on.
 *
 * @example
 * ```ts
 * errorAnswer(new SecretNotFoundError('Secret not found'), 'secret'); // 400 ResourceNotFoundException
 * ```
 */
export function errorAnswer(error: unknown, route: 'secret' | 'parameter'): ServeAnswer {
  if (isCofferError(error, 'SECRET_NOT_FOUND')) {
    return route === 'secret'
      ? awsError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
      : awsError(400, 'ParameterNotFound', 'Parameter not found.');
  }
  if (isCofferError(error, 'INVALID_INPUT')) return awsError(400, 'ValidationException', (error as Error).message);
  if (isCofferError(error, 'UNSUPPORTED')) return awsError(400, 'UnsupportedOperation', (error as Error).message);
  const aws = awsCause(error);
  if (aws?.code === 'TimeoutError' || (error as { cause?: { name?: unknown } }).cause?.name === 'TimeoutError')
    return awsError(504, 'TimeoutError', 'Timeout');
  if (aws && aws.status !== undefined && aws.status < 500) return awsError(aws.status, aws.code, 'AWS refused the request.');
  if (isCofferError(error, 'PROVIDER_ERROR') && (error as { transient?: boolean }).transient)
    return awsError(502, 'ConnectionError', 'Read Error');
  return awsError(500, 'InternalFailure');
}
