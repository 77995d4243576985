import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@coffer/core';
import type { AppRoleLogin, VaultOptions } from './options.js';
import { checkMount } from './paths.js';

/** The provider's settings once options and environment are merged and checked. */
export interface VaultSettings {
  readonly address: URL;
  /** Where the token comes from: a fixed token (read lazily from ~/.vault-token) or AppRole. */
  readonly auth: { kind: 'token'; token: () => string } | { kind: 'appRole'; login: Required<AppRoleLogin> };
  readonly namespace: string | undefined;
  readonly ca: string | undefined;
  readonly mount: string;
  readonly kvVersion: 1 | 2 | undefined;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly listConcurrency: number;
  readonly revokeLeasesOnClose: boolean;
}

const PROVIDER = 'vault';

function invalid(message: string): never {
  throw new ValidationError(message, { provider: PROVIDER });
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(`${name} must be a positive integer`);
  return value;
}

function nonEmpty(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.trim() !== value || /[\r\n\0]/.test(value)) invalid(`${name} must be a plain string`);
  return value;
}

/** The token the vault CLI would use: `VAULT_TOKEN`, else ~/.vault-token, read when first needed. */
function tokenFromEnvironment(): () => string {
  let token: string | undefined;
  return () => {
    if (token) return token;
    const fromEnv = process.env.VAULT_TOKEN;
    if (fromEnv) token = fromEnv;
    else {
      try {
        token = readFileSync(join(homedir(), '.vault-token'), 'utf8').trim();
      } catch {
        token = undefined;
      }
    }
    if (!token) invalid('no Vault token: give { token } or { appRole }, set VAULT_TOKEN or log in with the vault CLI');
    return token;
  };
}

function appRoleOf(appRole: AppRoleLogin): Required<AppRoleLogin> {
  if (typeof appRole !== 'object' || appRole === null) invalid('appRole must be { roleId, secretId, mount? }');
  const roleId = nonEmpty(appRole.roleId, 'appRole.roleId');
  const secretId = nonEmpty(appRole.secretId, 'appRole.secretId');
  if (!roleId || !secretId) invalid('appRole needs both roleId and secretId');
  return { roleId, secretId, mount: checkMount(appRole.mount ?? 'approle', 'appRole.mount') };
}

/**
 * Merges the options with the environment the way the `vault` CLI reads it (`VAULT_ADDR`,
 * `VAULT_TOKEN` else ~/.vault-token, `VAULT_NAMESPACE`, `VAULT_CACERT`) and checks them.
 */
export function resolveSettings(options: VaultOptions): VaultSettings {
  if (typeof options !== 'object' || options === null) invalid('options must be an object');
  const rawAddress = nonEmpty(options.address, 'address') ?? nonEmpty(process.env.VAULT_ADDR, 'VAULT_ADDR') ?? 'https://127.0.0.1:8200';
  let address: URL;
  try {
    address = new URL(rawAddress);
  } catch {
    invalid('address must be a URL such as https://vault.internal:8200');
  }
  if (address.protocol !== 'http:' && address.protocol !== 'https:') invalid('address must start with http:// or https://');
  if (address.username || address.password || address.search || address.hash)
    invalid('address must hold no credentials, query or fragment');
  if (options.token !== undefined && options.appRole !== undefined) invalid('give either token or appRole, not both');
  const token = nonEmpty(options.token, 'token');
  const auth: VaultSettings['auth'] = options.appRole
    ? { kind: 'appRole', login: appRoleOf(options.appRole) }
    : { kind: 'token', token: token ? () => token : tokenFromEnvironment() };
  const caPath = nonEmpty(options.caCert, 'caCert') ?? nonEmpty(process.env.VAULT_CACERT, 'VAULT_CACERT');
  let ca: string | undefined;
  if (caPath) {
    try {
      ca = readFileSync(caPath, 'utf8');
    } catch {
      invalid(`cannot read the CA file ${caPath}`);
    }
  }
  const kvVersion = options.kvVersion;
  if (kvVersion !== undefined && kvVersion !== 1 && kvVersion !== 2) invalid('kvVersion must be 1 or 2');
  const revoke = options.revokeLeasesOnClose;
  if (revoke !== undefined && typeof revoke !== 'boolean') invalid('revokeLeasesOnClose must be true or false');
  return {
    address,
    auth,
    namespace: nonEmpty(options.namespace, 'namespace') ?? nonEmpty(process.env.VAULT_NAMESPACE, 'VAULT_NAMESPACE'),
    ca,
    mount: checkMount(options.mount ?? 'secret', 'mount'),
    kvVersion,
    timeoutMs: positiveInteger(options.timeoutMs, 'timeoutMs', 5000),
    maxAttempts: positiveInteger(options.maxAttempts, 'maxAttempts', 3),
    listConcurrency: positiveInteger(options.listConcurrency, 'listConcurrency', 8),
    revokeLeasesOnClose: revoke === true,
  };
}
