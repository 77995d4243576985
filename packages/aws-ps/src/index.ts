import { registerProvider } from '@coffer/core';
import { awsPs } from './aws-ps.js';

export { type AwsPsOptions, awsPs } from './aws-ps.js';
export { checkParameterName, type ParameterType, SECRETS_MANAGER_REFERENCE } from './names.js';
export { ParameterStore, type ParameterStoreOptions } from './parameter-store.js';
export type { AwsPsGetOptions, AwsPsListOptions, AwsPsTypes, AwsPsUpdateOptions, AwsPsVersionSelector } from './types.js';

registerProvider('aws.ps', awsPs);
