import { checkAwsOptions } from '@coffer/aws';
import { ValidationError } from '@coffer/core';
import { throwingProxy } from '../../../scripts/test-support/fuzz/hostile';

// Found by the fuzz suite: a constructor given an options object (or a nested credentials or
// assumeRole object) that throws when read escaped with the getter's own error.
const throwing = throwingProxy;

describe('AWS options that throw when read', () => {
  it.each([
    ['the options', () => throwing()],
    ['credentials', () => ({ credentials: throwing() })],
    ['assumeRole', () => ({ assumeRole: throwing() })],
  ])('%s: a ValidationError', (_name, options) => {
    expect(() => checkAwsOptions(options(), 'aws.ps')).toThrow(ValidationError);
  });

  it('still takes plain options', () => {
    const options = { region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x' }, maxAttempts: 2 };
    expect(checkAwsOptions(options, 'aws.ps')).toEqual(options);
  });
});
