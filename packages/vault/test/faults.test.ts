import { memoryCache } from '@coffer/core';
import { Vault } from '@coffer/vault';
import { admin, describeVault, proxyEachTest, rootToken, unique } from './support';

describeVault('vault answers that mean "later", injected at a proxy in front of OpenBao', () => {
  const each = proxyEachTest();
  const { open } = each;

  /** A client through the proxy (`maxAttempts` as given) holding an expired value of a new path. */
  async function expiredRead(maxAttempts: number) {
    const path = `${unique()}/db`;
    await admin('POST', `secret/data/${path}`, { data: { password: 'kept' } });
    const client = new Vault({
      address: each.proxy.endpoint,
      token: rootToken(),
      kvVersion: 2,
      maxAttempts,
      cache: memoryCache(),
      staleIfError: '1h',
    });
    open.push(client);
    expect(await client.get(path, { keypath: ['password'] })).toBe('kept');
    await client.refresh(path);
    return { path, client };
  }

  it.each([429, 500, 502, 503, 504])('retries a %i up to maxAttempts, then serves the expired value as stale', async (status) => {
    const { path, client } = await expiredRead(3);
    each.proxy.fault(() => ({ status, type: 'Injected' }));
    expect(await client.get(path, { keypath: ['password'] })).toBe('kept');
    expect(client.stats().stale).toBe(1);
    expect(each.proxy.count(`GET /v1/secret/data/${path}`)).toBe(1 + 3);
  });

  it('recovers when the server answers again after a retry', async () => {
    const path = `${unique()}/db`;
    await admin('POST', `secret/data/${path}`, { data: { password: 'fresh' } });
    const client = new Vault({ address: each.proxy.endpoint, token: rootToken(), kvVersion: 2, cache: memoryCache() });
    open.push(client);
    let failures = 1;
    each.proxy.fault(() => (failures-- > 0 ? { status: 503, type: 'Sealed' } : undefined));
    expect(await client.get(path, { keypath: ['password'] })).toBe('fresh');
    expect(client.stats().apiCalls).toBe(2);
  });

  it('never retries a write the server may have applied (500), but does one it refused (503)', async () => {
    const path = `${unique()}/db`;
    const client = new Vault({ address: each.proxy.endpoint, token: rootToken(), kvVersion: 2, maxAttempts: 3, cache: memoryCache() });
    open.push(client);
    each.proxy.fault((request) => (request.operation.startsWith('POST') ? { status: 500, type: 'Injected' } : undefined));
    await expect(client.update(path, 'x', { create: true })).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
    expect(each.proxy.count(`POST /v1/secret/data/${path}`)).toBe(1);
    let refusals = 1;
    each.proxy.fault((request) => (request.operation.startsWith('POST') && refusals-- > 0 ? { status: 503, type: 'Sealed' } : undefined));
    await client.update(path, 'y', { create: true });
    expect(each.proxy.count(`POST /v1/secret/data/${path}`)).toBe(3);
    expect(await client.get(path)).toBe('y');
  });

  it.each(['garbage', 'truncate', 'reset'] as const)('treats a %s answer as transient: retried, then the stale value', async (fault) => {
    const { path, client } = await expiredRead(2);
    each.proxy.fault(() => fault);
    expect(await client.get(path, { keypath: ['password'] })).toBe('kept');
    expect(client.stats().stale).toBe(1);
    expect(each.proxy.count(`GET /v1/secret/data/${path}`)).toBe(1 + 2);
  });

  it('gives up on a server that never answers after timeoutMs per attempt, as transient', async () => {
    const client = new Vault({
      address: each.proxy.endpoint,
      token: rootToken(),
      kvVersion: 2,
      maxAttempts: 2,
      timeoutMs: 200,
      cache: memoryCache(),
    });
    open.push(client);
    each.proxy.fault(() => 'hang');
    const error = await client.get(`${unique()}/db`).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true, message: expect.stringMatching(/ETIMEDOUT/) });
    expect(client.stats().apiCalls).toBe(2);
  });
});
