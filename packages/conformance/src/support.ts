import { CofferError, type ErrorCode } from '@coffer/core';
import { expect } from '@jest/globals';

/** The default naming of the suites: `/prefix/a/b`, as Parameter Store names go. */
export const defaultNameOf = (prefix: string, ...segments: string[]): string => `/${prefix}/${segments.join('/')}`;

/** Awaits a promise that must reject with a CofferError of `code`, and returns the error. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<CofferError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a ${code} error, got a value of type ${typeof value}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CofferError);
  expect((error as CofferError).code).toBe(code);
  return error as CofferError;
}
