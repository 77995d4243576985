import * as here from '../src/errors';

// An ESM application can load coffer's ESM build while a provider package loads the CommonJS
// build: two copies of the error classes in one process.
function otherCopy(): typeof here {
  let copy: typeof here | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof here>('../src/errors');
  });
  return copy as typeof here;
}

describe('errors from another copy of @coffer/core', () => {
  it('are instances of this copy’s classes of the same name, and of no other', () => {
    const other = otherCopy();
    expect(other.SecretNotFoundError).not.toBe(here.SecretNotFoundError);
    const error = new other.SecretNotFoundError('Secret not found', { provider: 'aws.ps', path: '/a' });

    expect(error).toBeInstanceOf(here.SecretNotFoundError);
    expect(error).toBeInstanceOf(here.CofferError);
    expect(error instanceof here.ValidationError).toBe(false);
    expect(here.isCofferError(error, 'SECRET_NOT_FOUND')).toBe(true);
  });

  it('does not take a plain error with a code for a coffer error', () => {
    class SecretNotFoundError extends Error {
      code = 'SECRET_NOT_FOUND';
    }
    expect(new SecretNotFoundError() instanceof here.SecretNotFoundError).toBe(false);
    expect(new Error('x') instanceof here.CofferError).toBe(false);
  });
});
