import { registerProvider } from '@coffer/core';
import { awsSm } from './aws-sm.js';

export { type AwsSmOptions, awsSm } from './aws-sm.js';
export { checkSecretId } from './names.js';
export type { RotationOptions } from './rotation.js';
export { SecretsManager, type SecretsManagerOptions } from './secrets-manager.js';
export type { AwsSmGetOptions, AwsSmTypes, AwsSmUpdateOptions } from './types.js';

registerProvider('aws.sm', awsSm);
