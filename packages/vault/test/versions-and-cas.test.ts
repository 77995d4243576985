import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { isCofferError, memoryCache } from '@coffer/core';
import { CasConflictError, Vault } from '@coffer/vault';
import { address, admin, describeVault, rootToken, unique } from './support';

function client(): Vault {
  return new Vault({ address: address(), token: rootToken(), kvVersion: 2, cache: memoryCache() });
}

describeVault('vault KV v2 versions and check-and-set, against OpenBao', () => {
  const open: Vault[] = [];
  const make = () => {
    const made = client();
    open.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((made) => made.close()));
  });

  it('reads the latest version, and any version by selector or option', async () => {
    const path = `${unique()}/db`;
    for (const password of ['one', 'two', 'three']) await admin('POST', `secret/data/${path}`, { data: { password } });
    const vault = make();
    expect(await vault.get(path, { keypath: ['password'] })).toBe('three');
    expect(await vault.get(`${path}:1`, { keypath: ['password'] })).toBe('one');
    expect(await vault.get(path, { version: 2, keypath: ['password'] })).toBe('two');
    expect(await vault.get(`${path}:2`, { version: 2 })).toEqual({ password: 'two' });
  });

  it('answers a version that does not exist, or was deleted, with SecretNotFoundError', async () => {
    const path = `${unique()}/db`;
    await admin('POST', `secret/data/${path}`, { data: { a: '1' } });
    await admin('POST', `secret/data/${path}`, { data: { a: '2' } });
    await admin('POST', `secret/delete/${path}`, { versions: [1] });
    const vault = make();
    await expect(vault.get(`${path}:7`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await expect(vault.get(`${path}:1`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(await vault.get(`${path}:2`)).toEqual({ a: '2' });
  });

  it('refuses a selector that contradicts the version option before any call', async () => {
    const vault = make();
    await expect(vault.get('app/db:2', { version: 3 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.get('app/db', { version: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.get('../sys/seal')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.get('/app/db')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.update('app/db', 'x', { cas: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(vault.stats().apiCalls).toBe(0);
  });

  it('writes a new version on each update; the old ones stay readable', async () => {
    const path = `${unique()}/svc`;
    const vault = make();
    await vault.update(path, { token: 'a' }, { create: true });
    await vault.update(path, { token: 'b' });
    expect(await vault.get(path, { keypath: ['token'] })).toBe('b');
    expect(await vault.get(`${path}:1`, { keypath: ['token'] })).toBe('a');
    const metadata = await admin('GET', `secret/metadata/${path}`);
    expect(metadata?.data.current_version).toBe(2);
  });

  it('writes with check-and-set, and a lost race is a typed CasConflictError that names no value', async () => {
    const path = `${unique()}/cas`;
    const vault = make();
    const secret = `v-${randomBytes(6).toString('hex')}`;
    await vault.update(path, { password: 'first' }, { cas: 0 });
    await vault.update(path, { password: 'second' }, { cas: 1 });
    const error = await vault.update(path, { password: secret }, { cas: 1 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(CasConflictError);
    expect(isCofferError(error, 'PROVIDER_ERROR')).toBe(true);
    expect((error as CasConflictError).transient).toBe(false);
    expect((error as Error).message).toContain(path);
    expect(`${(error as Error).message} ${inspect(error)}`).not.toContain(secret);
    expect(await vault.get(path, { keypath: ['password'] })).toBe('second');
  });

  it('with cas: 0, creates a missing secret and refuses an existing one', async () => {
    const path = `${unique()}/once`;
    const vault = make();
    await vault.update(path, 'made', { cas: 0 });
    expect(await vault.get(path)).toBe('made');
    await expect(vault.update(path, 'again', { cas: 0 })).rejects.toBeInstanceOf(CasConflictError);
    expect(await vault.get(path)).toBe('made');
  });

  it('stores text as the value field, as vault kv put does, and the JSON text of an object as its fields', async () => {
    const path = `${unique()}/token`;
    const vault = make();
    await vault.update(path, 'abc', { create: true });
    expect((await admin('GET', `secret/data/${path}`))?.data.data).toEqual({ value: 'abc' });
    expect(await vault.get(path)).toBe('abc');
    expect(await vault.get(path, { unwrap: false, keypath: ['value'] })).toBe('abc');
    await vault.update(path, '{"user":"app","port":5432}');
    expect((await admin('GET', `secret/data/${path}`))?.data.data).toEqual({ user: 'app', port: 5432 });
    await expect(vault.update(path, ['a', 'b'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(vault.update(path, new Uint8Array([1]))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
