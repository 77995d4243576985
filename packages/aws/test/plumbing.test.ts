import { inspect } from 'node:util';
import { awsClientConfig, awsScope, checkAwsOptions, isExpiredTokenError, mapAwsError } from '@coffer/aws';
import { ProviderError, SecretNotFoundError, ValidationError } from '@coffer/core';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`the value 'hunter2' was rejected`), { name, $metadata: status ? { httpStatusCode: status } : {}, ...extra });

describe('mapAwsError', () => {
  it.each([
    ['ParameterNotFound', 400, SecretNotFoundError, undefined],
    ['ResourceNotFoundException', 400, SecretNotFoundError, undefined],
    ['ValidationException', 400, ValidationError, undefined],
    ['ThrottlingException', 400, ProviderError, true],
    ['TooManyRequestsException', 429, ProviderError, true],
    ['InternalServerError', 500, ProviderError, true],
    ['ServiceUnavailable', 503, ProviderError, true],
    ['AccessDeniedException', 400, ProviderError, false],
    ['DecryptionFailure', 400, ProviderError, false],
    ['KMSAccessDeniedException', 400, ProviderError, false],
    ['ExpiredTokenException', 400, ProviderError, false],
  ])('maps %s (HTTP %s) to the right coffer error', (name, status, type, transient) => {
    const mapped = mapAwsError(sdkError(name, status), { provider: 'aws.ps', path: '/a' });
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.cause).toMatchObject({ name });
    if (transient !== undefined) expect((mapped as ProviderError).transient).toBe(transient);
  });

  it('treats timeouts and network failures as transient', () => {
    expect(mapAwsError(Object.assign(new Error('t'), { name: 'TimeoutError' }), { provider: 'aws.sm' })).toMatchObject({ transient: true });
    expect(mapAwsError(Object.assign(new Error('c'), { code: 'ECONNREFUSED' }), { provider: 'aws.sm' })).toMatchObject({ transient: true });
  });

  it('treats a damaged answer (HTTP 200 whose body could not be parsed) as transient', () => {
    const damaged = Object.assign(new SyntaxError(`Unexpected token 'h', "hunter2" is not valid JSON`), {
      $metadata: { httpStatusCode: 200, attempts: 3 },
      $responseBodyText: 'hunter2',
    });
    const mapped = mapAwsError(damaged, { provider: 'aws.ps', path: '/a' });
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped).toMatchObject({ transient: true, cause: { $metadata: { httpStatusCode: 200, attempts: 3 } } });
    expect(inspect(mapped, { depth: Infinity, showHidden: true })).not.toContain('hunter2');
  });

  it('never takes a code or a name out of a message or an unlikely error type', () => {
    const upper = mapAwsError(new Error('EHUNTERTWO'), { provider: 'aws.ps', path: '/a' });
    const typed = mapAwsError(sdkError('HUNTER2SECRET', 400), { provider: 'aws.ps', path: '/a' });
    for (const mapped of [upper, typed]) {
      const shown = `${mapped.message} ${JSON.stringify(mapped)} ${inspect(mapped, { depth: Infinity, showHidden: true })}`;
      expect(shown).not.toMatch(/HUNTER/i);
      expect(mapped.code).toBe('PROVIDER_ERROR');
    }
  });

  it('keeps only a summary of the SDK error as the cause: no message, response or stack of its own', () => {
    const error = Object.assign(sdkError('AccessDeniedException', 400), { $response: { body: 'hunter2' }, code: 'hunter2' });
    const mapped = mapAwsError(error, { provider: 'aws.ps', path: '/a' });
    expect(mapped.cause).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(inspect(mapped, { depth: Infinity, showHidden: true })).not.toContain('hunter2');
    expect(JSON.stringify(mapped)).not.toContain('hunter2');
  });

  it('never repeats the AWS message, which may quote a value', () => {
    for (const name of ['ValidationException', 'AccessDeniedException', 'ParameterNotFound']) {
      const mapped = mapAwsError(sdkError(name, 400), { provider: 'aws.ps', path: '/a' });
      expect(mapped.message).not.toContain('hunter2');
      expect(mapped.message).toContain('/a');
    }
  });

  it('recognises expired-token errors', () => {
    expect(isExpiredTokenError(sdkError('ExpiredTokenException'))).toBe(true);
    expect(isExpiredTokenError(sdkError('ExpiredToken'))).toBe(true);
    expect(isExpiredTokenError(sdkError('AccessDeniedException'))).toBe(false);
  });
});

describe('awsClientConfig and awsScope', () => {
  it('passes maxAttempts to the SDK (attempts and timeouts are counted against a proxy in aws-ps)', () => {
    const config = awsClientConfig({ maxAttempts: 5, timeoutMs: 1234 });
    expect(config.maxAttempts).toBe(5);
  });

  it('defaults to 3 attempts and leaves region and endpoint to the SDK chain', () => {
    const config = awsClientConfig();
    expect(config.maxAttempts).toBe(3);
    expect(config.region).toBeUndefined();
    expect(config.endpoint).toBeUndefined();
  });

  it('gives instances of different regions, endpoints, roles or keys different scopes', () => {
    const scopes = new Set([
      awsScope({ region: 'eu-west-1' }),
      awsScope({ region: 'us-east-1' }),
      awsScope({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' }),
      awsScope({ region: 'eu-west-1', assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/a' } }),
      awsScope({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' } }),
    ]);
    expect(scopes.size).toBe(5);
    expect(awsScope({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'hidden' } })).not.toContain('hidden');
  });
});

describe('checkAwsOptions', () => {
  it('accepts the documented options', () => {
    const options = {
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:5000',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
      assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 'svc', externalId: 'ext', durationSeconds: 3600 },
      maxAttempts: 3,
      timeoutMs: 5000,
    };
    expect(checkAwsOptions(options, 'aws.ps')).toBe(options);
  });

  it.each([
    [{ region: 'EU WEST' }],
    [{ endpoint: 'ftp://x' }],
    [{ credentials: 'AKID:secret' }],
    [{ assumeRole: { roleArn: 'arn:aws:iam::123:role/r' } }],
    [{ assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 'x' } }],
    [{ assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r', roleSessionName: 'svc' } }],
    [{ maxAttempts: 2.5 }],
    [{ timeoutMs: -1 }],
    [{ retries: 3 }],
  ])('rejects %p with a ValidationError that shows no value', (options) => {
    expect(() => checkAwsOptions(options, 'aws.ps')).toThrow(ValidationError);
  });

  it('keeps the secret key out of util.inspect of the config', () => {
    const config = awsClientConfig({
      assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r' },
      credentials: { accessKeyId: 'A', secretAccessKey: 'inner-secret' },
    });
    expect(inspect(config.credentials, { showHidden: true, depth: 5 })).not.toContain('inner-secret');
  });
});
