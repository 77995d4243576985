import type { CallContext, ListRequest, Provider, RawSecret, ReadRequest, UpdateRequest } from '@coffer/core';
import { mapLimited, SecretNotFoundError } from '@coffer/core';
import { KvEngine } from './kv-engine.js';
import { LeaseKeeper } from './leases.js';
import { readLogical, renewLease, revokeLease } from './logical.js';
import type { VaultOptions } from './options.js';
import { normalizePath } from './paths.js';
import { resolveSettings } from './settings.js';
import { fieldsOf, rawOf } from './values.js';
import type { VaultTypes } from './types.js';
import { VaultApi } from './vault-api.js';

/**
 * The `vault` provider: HashiCorp Vault or OpenBao, the KV secrets engine (version 2, or 1) at
 * one mount. `get('app/db')` reads `<mount>/data/app/db` and returns its fields as an object
 * (`keypath` walks it); a secret whose only field is the text `value` reads as that text.
 * `app/db:3` or `{ version: 3 }` reads a version. `getByPath` lists through
 * `<mount>/metadata/` and reads the leaves, a few at a time. `update` writes a new version
 * (`{ cas }` for check-and-set, `{ create: true }` for a new secret). The settings are read as
 * the `vault` CLI reads them (`VAULT_ADDR`, `VAULT_TOKEN` or ~/.vault-token, `VAULT_NAMESPACE`,
 * `VAULT_CACERT`). `{ logical: true }` reads any engine's path instead (`database/creds/app`;
 * `pki/issue/web` with `data`), and keeps its lease as Vault Agent does: renewed while in use,
 * replaced by a new read when it cannot be renewed, revoked on close with `revokeLeasesOnClose`.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: vault({ mount: 'secret' }) });
 * const password = await client.get<string>('app/db', { keypath: ['password'] });
 * const previous = await client.get('app/db:2');
 * await client.update('app/db', { user: 'app', password: 'n3w' }, { cas: 3 });
 * const cert = await client.get('pki/issue/web', { logical: true, data: { common_name: 'web.internal' } });
 * ```
 */
export function vault(options: VaultOptions = {}): Provider<VaultTypes> {
  const settings = resolveSettings(options);
  const api = new VaultApi(settings);
  const kv = new KvEngine(settings, api);
  const leases = new LeaseKeeper({
    read: (path, data, unwrap, context) => readLogical(api, path, data, unwrap, context),
    renew: (lease, incrementMs, context) => renewLease(api, lease, incrementMs, context),
    revoke: (lease, context) => revokeLease(api, lease, context),
  });
  const { address, namespace, mount } = settings;

  async function read(path: string, version: number | undefined, unwrap: boolean, context: CallContext): Promise<RawSecret | undefined> {
    const secret = await kv.read(path, version, context);
    if (secret === undefined) return undefined;
    const raw = secret.metadata === undefined ? rawOf(secret.data, unwrap) : { ...rawOf(secret.data, unwrap), metadata: secret.metadata };
    // A KV v1 lease bounds how long the client keeps the value fresh.
    return secret.leaseMs === undefined ? raw : { ...raw, ttlMs: secret.leaseMs };
  }

  async function leaves(folder: string, recursive: boolean, context: CallContext): Promise<string[]> {
    const names: string[] = [];
    for (const key of await kv.list(folder, context)) {
      if (!key.endsWith('/')) names.push(`${folder}/${key}`);
      else if (recursive) names.push(...(await leaves(`${folder}/${key.slice(0, -1)}`, true, context)));
    }
    return names;
  }

  return {
    name: 'vault',
    scope: `${address.origin}${address.pathname.replace(/\/+$/, '')}|${namespace ?? ''}|${mount}`,
    options: {
      get: { version: 'integer', unwrap: 'boolean', logical: 'boolean', data: 'object' },
      list: { unwrap: 'boolean' },
      exists: {},
      update: { cas: 'integer' },
    },
    normalize: (operation, path, opts) => normalizePath(operation, path, opts),

    get({ path, options: opts }: ReadRequest, context: CallContext) {
      if (opts.logical === true) return leases.get(path, opts.data as Record<string, unknown> | undefined, opts.unwrap !== false, context);
      return read(path, opts.version as number | undefined, opts.unwrap !== false, context);
    },

    async list({ path, recursive, options: opts }: ListRequest, context: CallContext) {
      const names = await leaves(path, recursive, context);
      const values = await mapLimited(names, settings.listConcurrency, (name) => read(name, undefined, opts.unwrap !== false, context));
      const out: Record<string, RawSecret> = {};
      names.forEach((name, index) => {
        const value = values[index];
        // A secret whose current version was deleted is listed but has nothing to read.
        if (value !== undefined) out[name] = value;
      });
      return out;
    },

    async exists({ path }: ReadRequest, context: CallContext) {
      if ((await kv.read(path, undefined, context)) !== undefined) return true;
      return (await kv.list(path, context)).length > 0;
    },

    async update({ path, value, create, options: opts }: UpdateRequest, context: CallContext) {
      const fields = fieldsOf(value, path);
      const cas = opts.cas as number | undefined;
      // cas: 0 is itself "create only", and any other cas fails on a missing secret at the server.
      if (!create && cas === undefined && !(await kv.known(path, context))) {
        throw new SecretNotFoundError('Secret not found (pass { create: true } to create it)', { provider: 'vault', path });
      }
      await kv.write(path, fields, cas, context);
    },

    async close() {
      await leases.close(settings.revokeLeasesOnClose, { countApiCall: () => undefined });
      api.close();
    },
  };
}
