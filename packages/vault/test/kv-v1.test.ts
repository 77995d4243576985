import { memoryCache } from '@coffer/core';
import { Vault } from '@coffer/vault';
import { manualClock } from '../../core/test/helpers';
import { address, admin, describeVault, newMount, rootToken, unique } from './support';

describeVault('vault KV version 1 against OpenBao', () => {
  const open: Vault[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((made) => made.close()));
  });
  const make = (mount: string, options: { kvVersion?: 1 } = {}) => {
    const made = new Vault({ address: address(), token: rootToken(), mount, cache: memoryCache({ ttl: '15m' }), ...options });
    open.push(made);
    return made;
  };

  it('finds out the mount is version 1, then reads, lists and writes it', async () => {
    const mount = await newMount(1);
    const folder = unique();
    await admin('POST', `${mount}/${folder}/db`, { user: 'app', password: 'pw1' });
    await admin('POST', `${mount}/${folder}/sub/token`, { value: 'abc' });
    const vault = make(mount);
    expect(await vault.get(`${folder}/db`, { keypath: ['password'] })).toBe('pw1');
    expect(await vault.getByPath(folder)).toEqual({ [`${folder}/db`]: { user: 'app', password: 'pw1' }, [`${folder}/sub/token`]: 'abc' });
    await vault.update(`${folder}/db`, { user: 'app', password: 'pw2' });
    expect(await vault.get(`${folder}/db`, { keypath: ['password'] })).toBe('pw2');
    await expect(vault.update(`${folder}/missing`, 'x')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await vault.update(`${folder}/missing`, 'x', { create: true });
    expect(await vault.pathExists(`${folder}/missing`)).toBe(true);
    expect(await vault.pathExists(`${folder}/sub`)).toBe(true);
    expect(await vault.pathExists(`${folder}/su`)).toBe(false);
  });

  it('refuses versions and check-and-set, which version 1 does not have', async () => {
    const mount = await newMount(1);
    const vault = make(mount, { kvVersion: 1 });
    await expect(vault.get('app/db:2')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.update('app/db', 'x', { cas: 1, create: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  describe('with a lease', () => {
    let clock: ReturnType<typeof manualClock>;
    beforeEach(() => {
      clock = manualClock(Date.now());
    });
    afterEach(() => clock.restore());

    it('keeps a value no longer than the lease_duration the server gave, when it is shorter than the ttl', async () => {
      const mount = await newMount(1);
      const path = `${unique()}/short`;
      await admin('POST', `${mount}/${path}`, { password: 'one', ttl: '30s' });
      const vault = make(mount, { kvVersion: 1 });
      expect(await vault.get(path, { keypath: ['password'] })).toBe('one');
      await admin('POST', `${mount}/${path}`, { password: 'two', ttl: '30s' });
      clock.advance(20_000);
      expect(await vault.get(path, { keypath: ['password'] })).toBe('one');
      clock.advance(11_000);
      expect(await vault.get(path, { keypath: ['password'] })).toBe('two');
      expect(vault.stats().apiCalls).toBe(2);
    });

    it('keeps the client ttl when the lease is longer', async () => {
      const mount = await newMount(1);
      const path = `${unique()}/long`;
      await admin('POST', `${mount}/${path}`, { password: 'one', ttl: '48h' });
      const vault = make(mount, { kvVersion: 1 });
      await vault.get(path);
      clock.advance(14 * 60_000);
      await vault.get(path);
      expect(vault.stats().apiCalls).toBe(1);
      clock.advance(2 * 60_000);
      await vault.get(path);
      expect(vault.stats().apiCalls).toBe(2);
    });
  });
});
