import { memoryCache } from '@coffer/core';
import { Vault } from '@coffer/vault';
import { type OpenBao, startOpenBao } from '../../../scripts/harness/openbao';
import { describeVault } from './support';

describeVault('vault over https against an OpenBao TLS dev server', () => {
  let bao: OpenBao;
  const open: Vault[] = [];
  beforeAll(async () => {
    bao = await startOpenBao({ tls: true });
  });
  afterAll(async () => {
    await bao.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((made) => made.close()));
  });

  it('trusts the server through caCert, or VAULT_CACERT as the vault CLI does', async () => {
    const { address, token, caFile } = bao;
    const given = new Vault({ address, token, caCert: caFile, kvVersion: 2, cache: memoryCache() });
    open.push(given);
    await given.update('app/db', { password: 'over-tls' }, { create: true });
    expect(await given.get('app/db', { keypath: ['password'] })).toBe('over-tls');
    const saved = process.env.VAULT_CACERT;
    process.env.VAULT_CACERT = caFile;
    try {
      const fromEnv = new Vault({ address, token, kvVersion: 2, cache: memoryCache() });
      open.push(fromEnv);
      expect(await fromEnv.get('app/db', { keypath: ['password'] })).toBe('over-tls');
    } finally {
      if (saved === undefined) delete process.env.VAULT_CACERT;
      else process.env.VAULT_CACERT = saved;
    }
  });

  it('refuses a server it cannot verify at once, as a non-transient error that says what to give', async () => {
    const untrusting = new Vault({ address: bao.address, token: bao.token, kvVersion: 2, maxAttempts: 3, cache: memoryCache() });
    open.push(untrusting);
    const error = await untrusting.get('app/db').catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
    expect((error as Error).message).toMatch(/certificate.*caCert or VAULT_CACERT/);
    expect(untrusting.stats().apiCalls).toBe(1);
  });
});
