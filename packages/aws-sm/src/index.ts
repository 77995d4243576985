import { registerProvider } from '@coffer/core';
import { awsSm } from './aws-sm';

export { type AwsSmOptions, awsSm } from './aws-sm';
export { checkSecretId } from './names';
export { SecretsManager, type SecretsManagerOptions } from './secrets-manager';

registerProvider('aws.sm', awsSm);
