import { vault } from '@coffer/vault';
import { address, admin, describeVault, newMount, rootToken, unique } from './support';

const context = { countApiCall: () => undefined };

describeVault('vault metadata with values, against OpenBao', () => {
  it('returns the KV v2 version and its created_time with the value', async () => {
    const path = `${unique()}/db`;
    await admin('POST', `secret/data/${path}`, { data: { password: 'one' } });
    await admin('POST', `secret/data/${path}`, { data: { password: 'two' } });
    const provider = vault({ address: address(), token: rootToken(), kvVersion: 2 });

    const latest = await provider.get?.({ path, options: {} }, context);
    const first = await provider.get?.({ path, options: { version: 1 } }, context);

    expect(latest?.metadata).toEqual({ version: '2', updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
    expect(first?.metadata?.version).toBe('1');
    await provider.close?.();
  });

  it('returns the lease of a KV v1 answer that has one', async () => {
    const mount = await newMount(1);
    const path = `${unique()}/token`;
    await admin('POST', `${mount}/${path}`, { value: 'abc', ttl: '45s' });
    const provider = vault({ address: address(), token: rootToken(), mount, kvVersion: 1 });

    const read = await provider.get?.({ path, options: {} }, context);

    expect(read?.metadata?.fields).toMatchObject({ lease_duration: 45 });
    expect(read?.ttlMs).toBe(45_000);
    await provider.close?.();
  });
});
