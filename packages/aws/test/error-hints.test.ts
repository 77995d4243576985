import { mapAwsError } from '@coffer/aws';
import { ProviderError } from '@coffer/core';

const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });

describe('AWS errors that say the fix', () => {
  it('names the IAM action AWS denied, and never repeats the rest of its message', () => {
    const error = mapAwsError(
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:iam::123456789012:user/app is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/app/s3cr3t-name',
      ),
      { provider: 'aws.ps', path: '/app/x' },
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', failure: 'permission', transient: false });
    expect(error.message).toBe("access denied: the caller's IAM policy needs ssm:GetParameters (aws.ps /app/x)");
    expect(error.message).not.toMatch(/123456789012|s3cr3t/);
  });

  it('lists the permissions of the provider when AWS does not name the action', () => {
    const permissions = 'secretsmanager:GetSecretValue (reads), kms:Decrypt';
    const error = mapAwsError(sdkError('AccessDeniedException', 'Access to KMS is not allowed'), {
      provider: 'aws.sm',
      path: 'prod/db',
      permissions,
    });
    const unnamed = mapAwsError(sdkError('AccessDeniedException', 'Access to KMS is not allowed'), { provider: 'aws.x', path: 'a' });
    expect(error.message).toMatch(/^access denied: the caller's IAM policy needs secretsmanager:GetSecretValue .*kms:Decrypt/);
    expect(unnamed.message).toMatch(/^access denied: the caller's IAM policy needs the IAM permission of this call/);
  });

  it('says how to renew expired credentials', () => {
    const error = mapAwsError(sdkError('ExpiredTokenException', 'The security token included in the request is expired'), {
      provider: 'aws.ps',
      path: '/app/x',
    });
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', failure: 'credentials' });
    expect(error.message).toMatch(/^the AWS credentials have expired: renew them .*assumeRole/);
  });

  it('keeps the general message for failures it has no fix for', () => {
    const error = mapAwsError(sdkError('InternalServerError', 'boom', { $fault: 'server' }), { provider: 'aws.ps', path: '/app/x' });
    expect(error.message).toBe('AWS request failed (InternalServerError, HTTP 400) (aws.ps /app/x)');
    expect((error as ProviderError).failure).toBeUndefined();
  });
});
