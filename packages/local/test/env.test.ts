import { randomBytes } from 'node:crypto';
import { providerSuite } from '@coffer/conformance';
import { createClient, get, getByPath, isCofferError, update } from '@coffer/core';
import { envProvider } from '@coffer/local';

const unique = () => `CF_${randomBytes(5).toString('hex').toUpperCase()}`;

describe('env provider', () => {
  providerSuite({
    name: 'env',
    make: () => envProvider(),
    seed: async (entries) => {
      for (const { name, value } of entries) process.env[name] = value as string;
    },
    nameOf: (prefix, ...segments) => `${prefix}_${segments.join('_')}`,
    capabilities: { list: true, hierarchical: false, update: false },
  });

  it('reads names under its prefix and lists them without it', async () => {
    const prefix = `${unique()}_`;
    process.env[`${prefix}DB_HOST`] = 'db.internal';
    process.env[`${prefix}DB_PORT`] = '5432';
    process.env[`${prefix}OTHER`] = 'x';
    const client = createClient({ provider: envProvider({ prefix }), cache: false });

    expect(await client.get('DB_HOST')).toBe('db.internal');
    expect(await client.getByPath('DB_')).toEqual({ DB_HOST: 'db.internal', DB_PORT: '5432' });
    expect(await client.pathExists('OTHER')).toBe(true);
    expect(await client.pathExists(`${prefix}OTHER`)).toBe(false);
  });

  it('is registered as env on import, for the top-level functions', async () => {
    const name = unique();
    process.env[name] = '{"user":"app"}';

    expect(await get('env', name, { keypath: ['user'] })).toBe('app');
    expect(await getByPath('env', name)).toEqual({ [name]: { user: 'app' } });
    const error = await update('env', name, 'x').catch((reason: unknown) => reason);
    expect(isCofferError(error, 'UNSUPPORTED')).toBe(true);
  });

  it('rejects a name holding "=" before reading anything', async () => {
    const client = createClient({ provider: envProvider(), cache: false });
    const error = await client.get('A=B').catch((reason: unknown) => reason);
    expect(isCofferError(error, 'INVALID_INPUT')).toBe(true);
    expect(client.stats().apiCalls).toBe(0);
  });
});
