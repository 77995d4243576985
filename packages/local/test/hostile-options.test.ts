import { ValidationError } from '@coffer/core';
import { envProvider, fileProvider } from '@coffer/local';
import { throwingProxy } from '../../../scripts/test-support/fuzz/hostile';

// Found by the fuzz suite: factory options that throw when read escaped with their own error.
const throwing = throwingProxy;

describe('local provider factories given options that throw when read', () => {
  it('envProvider: a ValidationError', () => {
    expect(() => envProvider(throwing() as never)).toThrow(ValidationError);
  });

  it('fileProvider: a ValidationError', () => {
    expect(() => fileProvider(throwing() as never)).toThrow(ValidationError);
  });
});
