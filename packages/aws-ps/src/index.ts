import { registerProvider } from '@coffer/core';
import { awsPs } from './aws-ps.js';

export { type AwsPsOptions, awsPs } from './aws-ps.js';
export { checkParameterName, SECRETS_MANAGER_REFERENCE } from './names.js';
export { ParameterStore, type ParameterStoreOptions } from './parameter-store.js';

registerProvider('aws.ps', awsPs);
