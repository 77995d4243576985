import { registerProvider } from '@coffer/core';
import { awsPs } from './aws-ps';

export { type AwsPsOptions, awsPs } from './aws-ps';
export { checkParameterName, SECRETS_MANAGER_REFERENCE } from './names';
export { ParameterStore, type ParameterStoreOptions } from './parameter-store';

registerProvider('aws.ps', awsPs);
