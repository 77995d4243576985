import { registerProvider } from '@coffer/core';
import { vault } from './vault-provider.js';

export { CasConflictError } from './errors.js';
export type { AppRoleLogin, VaultOptions } from './options.js';
export { TEXT_FIELD } from './values.js';
export { Vault, type VaultClientOptions } from './vault-client.js';
export type { VaultKvRead, VaultLogicalRead, VaultTypes } from './types.js';
export { vault } from './vault-provider.js';

registerProvider('vault', vault);
