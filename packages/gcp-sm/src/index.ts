import { registerProvider } from '@coffer/core';
import { gcpSm } from './gcp-sm-provider.js';

export { GcpSecretManager, type GcpSecretManagerOptions } from './gcp-secret-manager.js';
export { gcpSm } from './gcp-sm-provider.js';
export type { AccessTokenSource, GcpCredentials, GcpSmOptions, ServiceAccountKey } from './options.js';
export type { GcpSmTypes } from './types.js';

registerProvider('gcp.sm', gcpSm);
