import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { type AwsCalls, awsErrorKind } from '@coffer/aws';
import { type CallContext, SecretNotFoundError, type UpdateRequest, ValidationError } from '@coffer/core';
import { isArn, PROVIDER } from './names.js';

const MAX_BYTES = 65_536;

/** The payload of a write: text stays `SecretString`, bytes `SecretBinary`, anything else JSON text. */
export function payloadOf(value: UpdateRequest['value'], path: string): { SecretString: string } | { SecretBinary: Uint8Array } {
  const tooLarge = () => new ValidationError('value is larger than 64 KB, the Secrets Manager limit', { provider: PROVIDER, path });
  if (value instanceof Uint8Array) {
    if (value.byteLength > MAX_BYTES) throw tooLarge();
    return { SecretBinary: value };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > MAX_BYTES) throw tooLarge();
  return { SecretString: text };
}

/**
 * `update` of aws.sm: `PutSecretValue` (a new version, staged `AWSCURRENT`); a missing secret is
 * `SecretNotFoundError`, or with `create` made by `CreateSecret`.
 */
export async function updateSecret(calls: AwsCalls, request: UpdateRequest, context: CallContext): Promise<void> {
  const { path, options } = request;
  const payload = payloadOf(request.value, path);
  try {
    await calls.send(new PutSecretValueCommand({ SecretId: path, ...payload }), context);
    return;
  } catch (error) {
    if (awsErrorKind(error) !== 'not-found') throw calls.fail(error, path);
    if (!request.create) throw new SecretNotFoundError('Secret not found', { provider: PROVIDER, path, cause: error });
  }
  if (isArn(path)) throw new ValidationError('a secret is created by name, not by ARN', { provider: PROVIDER, path });
  try {
    await calls.send(
      new CreateSecretCommand({
        Name: path,
        ...payload,
        ...(options.kmsKeyId ? { KmsKeyId: options.kmsKeyId as string } : {}),
        ...(options.description ? { Description: options.description as string } : {}),
      }),
      context,
    );
  } catch (error) {
    throw calls.fail(error, path);
  }
}
