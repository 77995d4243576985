import { CofferError, memoryCache } from '@coffer/core';
import { Vault } from '@coffer/vault';
import { manualClock } from '../../core/test/helpers';
import { address, admin, describeVault, newMount, proxyEachTest, rootToken, unique } from './support';

/** An AppRole auth mount with one role that may read `secret/data/<folder>/*`. */
async function appRole(folder: string, tokenTtl = '1h') {
  const mount = unique('approle');
  await admin('POST', `sys/auth/${mount}`, { type: 'approle' });
  const policy = unique('p');
  await admin('PUT', `sys/policies/acl/${policy}`, { policy: `path "secret/data/${folder}/*" { capabilities = ["read"] }` });
  await admin('POST', `auth/${mount}/role/app`, { token_policies: [policy], token_ttl: tokenTtl, token_max_ttl: '24h' });
  const roleId = (await admin('GET', `auth/${mount}/role/app/role-id`))?.data.role_id as string;
  const secretId = (await admin('POST', `auth/${mount}/role/app/secret-id`, {}))?.data.secret_id as string;
  return { mount, roleId, secretId };
}

describeVault('vault AppRole login against OpenBao', () => {
  const each = proxyEachTest();
  const { open } = each;

  const logins = (mount: string) => each.proxy.count(`POST /v1/auth/${mount}/login`);

  it('logs in once, and logs in again after its token is revoked mid-run', async () => {
    const folder = unique();
    await admin('POST', `secret/data/${folder}/db`, { data: { password: 'one' } });
    await admin('POST', `secret/data/${folder}/api`, { data: { key: 'k' } });
    const role = await appRole(folder);
    const client = new Vault({ address: each.proxy.endpoint, appRole: role, kvVersion: 2, cache: memoryCache() });
    open.push(client);
    const [a, b] = await Promise.all([client.get(`${folder}/db`, { keypath: ['password'] }), client.get(`${folder}/api`)]);
    expect(a).toBe('one');
    expect(b).toEqual({ key: 'k' });
    expect(logins(role.mount)).toBe(1);

    await admin('PUT', `sys/leases/revoke-prefix/auth/${role.mount}/login`, {});
    await admin('POST', `secret/data/${folder}/db`, { data: { password: 'two' } });
    expect(await client.get(`${folder}/db`, { keypath: ['password'], forceFetch: true })).toBe('two');
    expect(logins(role.mount)).toBe(2);
    // The read refused with the revoked token, and the same read with the new one.
    expect(each.proxy.count(`GET /v1/secret/data/${folder}/db`)).toBe(3);
  });

  it('refuses bad AppRole credentials with a non-transient error that names neither', async () => {
    const role = await appRole(unique());
    const client = new Vault({ address: each.proxy.endpoint, appRole: { ...role, secretId: 'wrong-secret-id-value' }, kvVersion: 2 });
    open.push(client);
    const error = (await client.get('x/y').catch((reason: unknown) => reason)) as Error;
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
    expect(error.message).not.toContain('wrong-secret-id-value');
    expect(error.message).not.toContain(role.roleId);
  });

  describe('as time passes', () => {
    let clock: ReturnType<typeof manualClock>;
    beforeEach(() => {
      clock = manualClock(Date.now());
    });
    afterEach(() => clock.restore());

    it('renews its token two thirds into the ttl, and logs in again once the ttl has passed', async () => {
      const folder = unique();
      await admin('POST', `secret/data/${folder}/db`, { data: { password: 'one' } });
      const role = await appRole(folder, '1h');
      const client = new Vault({ address: each.proxy.endpoint, appRole: role, kvVersion: 2, cache: false });
      open.push(client);
      await client.get(`${folder}/db`);
      clock.advance(41 * 60_000);
      await client.get(`${folder}/db`);
      expect(each.proxy.count('POST /v1/auth/token/renew-self')).toBe(1);
      expect(logins(role.mount)).toBe(1);
      clock.advance(2 * 3_600_000);
      await client.get(`${folder}/db`);
      expect(logins(role.mount)).toBe(2);
    });
  });
});

describeVault('vault namespaces against OpenBao', () => {
  it('reads the secrets of the namespace it is given, and only those', async () => {
    const namespace = unique('ns');
    await admin('POST', `sys/namespaces/${namespace}`, {});
    const mount = await newMount(2, namespace);
    await admin('POST', `${mount}/data/app/db`, { data: { where: 'inside' } }, { namespace });
    const inside = new Vault({ address: address(), token: rootToken(), namespace, mount, cache: memoryCache() });
    const outside = new Vault({ address: address(), token: rootToken(), mount, kvVersion: 2, cache: memoryCache() });
    try {
      expect(await inside.get('app/db', { keypath: ['where'] })).toBe('inside');
      expect(await inside.getByPath('app')).toEqual({ 'app/db': { where: 'inside' } });
      await expect(outside.get('app/db')).rejects.toBeInstanceOf(CofferError);
    } finally {
      await Promise.all([inside.close(), outside.close()]);
    }
  });

  it('takes the namespace from VAULT_NAMESPACE as the vault CLI does', async () => {
    const namespace = unique('ns');
    await admin('POST', `sys/namespaces/${namespace}`, {});
    await admin('POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, { namespace });
    await admin('POST', 'secret/data/app/db', { data: { where: namespace } }, { namespace });
    const saved = { ...process.env };
    Object.assign(process.env, { VAULT_ADDR: address(), VAULT_TOKEN: rootToken(), VAULT_NAMESPACE: namespace });
    try {
      const client = new Vault({ cache: memoryCache() });
      expect(await client.get('app/db', { keypath: ['where'] })).toBe(namespace);
      await client.close();
    } finally {
      for (const name of ['VAULT_ADDR', 'VAULT_TOKEN', 'VAULT_NAMESPACE']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
