import { CacheError, importOptional, provideModule } from '@coffer/core';

const notFound = (name: string) => Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
const missing = (cause: unknown) => new CacheError('the cache needs some-pkg: npm install some-pkg', { cause });

describe('importOptional', () => {
  it('throws the error that says the install command when the package is not installed', async () => {
    const error = await importOptional('some-pkg', async (name) => Promise.reject(notFound(name)), missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheError);
    expect((error as Error).message).toContain('npm install some-pkg');
    expect((error as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('lets through the failure of a package that is installed but needs something missing', async () => {
    const load = async () => Promise.reject(notFound('sqlite3'));
    await expect(importOptional('@keyv/sqlite', load, missing)).rejects.toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('prefers a module handed over with provideModule (what coffer/sqlite does in a bundle)', async () => {
    const module = { marker: Symbol('bundled') };
    provideModule('bundled-pkg', module);
    let loads = 0;
    const found = await importOptional('bundled-pkg', async () => ++loads, missing);
    expect(found).toBe(module);
    expect(loads).toBe(0);
  });
});
