import { registerProvider } from '@coffer/core';
import { vault } from './vault-provider';

export { CasConflictError } from './errors';
export type { AppRoleLogin, VaultOptions } from './options';
export { TEXT_FIELD } from './values';
export { Vault, type VaultClientOptions } from './vault-client';
export { vault } from './vault-provider';

registerProvider('vault', vault);
