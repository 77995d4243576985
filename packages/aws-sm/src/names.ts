import type { AwsProviderIdentity } from '@coffer/aws/extension';
import { type NormalizedRequest, type Operation, type ProviderOptions, ValidationError } from '@coffer/core';

/** The provider's name. */
export const PROVIDER = 'aws.sm';
const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,519}$/;
const VERSION_ID = /^[A-Za-z0-9-]{32,64}$/;
const STAGE = /^[A-Za-z0-9_+=.@-]{1,256}$/;

function invalid(message: string, path: string): never {
  throw new ValidationError(message, { provider: PROVIDER, path });
}

/** Whether a secret id is an ARN rather than a name. */
export const isArn = (id: string): boolean => id.startsWith('arn:');

/**
 * Checks a secret id: a name of 1 to 512 characters of `[A-Za-z0-9/_+=.@-]`, or a secret ARN.
 *
 * @example
 * ```ts
 * checkSecretId('prod/db/root'); // ok
 * checkSecretId('prod db');      // throws ValidationError
 * ```
 */
export function checkSecretId(id: string, path = id): void {
  if (isArn(id)) {
    if (!ARN.test(id)) invalid('a secret ARN looks like arn:aws:secretsmanager:<region>:<account>:secret:<name>', path);
    return;
  }
  if (!NAME.test(id)) invalid('secret names are 1 to 512 characters of letters, digits and /_+=.@-', path);
}

/**
 * The `normalize` of aws.sm: validates ids before any call, and drops a `versionStage` of
 * `AWSCURRENT` (the default) so that both spellings share one cache entry.
 */
export function normalizeSecretRequest(operation: Operation, path: string, options: ProviderOptions): NormalizedRequest {
  checkSecretId(path);
  switch (operation) {
    case 'get': {
      const { versionId, versionStage } = options;
      const readOptions: Record<string, unknown> = {};
      if (versionId !== undefined) {
        if (typeof versionId !== 'string' || !VERSION_ID.test(versionId)) invalid('versionId must be 32 to 64 letters, digits and -', path);
        readOptions.versionId = versionId;
      }
      if (versionStage !== undefined) {
        if (typeof versionStage !== 'string' || !STAGE.test(versionStage))
          invalid('versionStage must be 1 to 256 letters, digits and _+=.@-', path);
        if (versionStage !== 'AWSCURRENT' || versionId !== undefined) readOptions.versionStage = versionStage;
      }
      return { path, subject: path, options: readOptions };
    }
    case 'list':
      if (isArn(path)) invalid('list takes a name prefix, not an ARN', path);
      return { path, options: {} };
    case 'exists':
      return { path, options: {} };
    case 'update': {
      const updateOptions: Record<string, unknown> = {};
      for (const name of ['kmsKeyId', 'description'] as const) if (options[name] !== undefined) updateOptions[name] = options[name];
      return { path, options: updateOptions };
    }
  }
}

/**
 * What aws.sm is whichever way it reads (the SDK or the extension's local API): its name, batch
 * size, the options each operation takes, and how requests are normalized.
 */
export const SECRETS_MANAGER: AwsProviderIdentity = {
  name: PROVIDER,
  sdkPackage: '@coffer/aws-sm',
  maxBatchSize: 20,
  options: {
    get: { versionId: 'string', versionStage: 'string' },
    list: {},
    exists: {},
    update: { kmsKeyId: 'string', description: 'string' },
  },
  normalize: normalizeSecretRequest,
};
