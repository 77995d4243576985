import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { keyvCache } from '@coffer/cache-keyv';
import { type CacheEntry, CofferError } from '@coffer/core';
import type { KeyvStoreAdapter } from 'keyv';

const entry = (value: unknown): CacheEntry => ({ value, storedAt: Date.now(), expiresAt: Date.now() + 60_000 });
const freshFile = () => join(mkdtempSync(join(tmpdir(), 'coffer-crypto-')), 'cache.sqlite');
const secret = () => `s3cr3t-${randomBytes(8).toString('hex')}`;

/** A Keyv store that keeps raw rows in a Map, so a test can look at and tamper with them. */
function rawStore() {
  const rows = new Map<string, unknown>();
  const store = {
    rows,
    opts: { dialect: 'map' },
    get: async (key: string) => rows.get(key),
    set: async (key: string, value: unknown) => void rows.set(key, value),
    delete: async (key: string) => rows.delete(key),
    clear: async () => rows.clear(),
    on: () => store,
  };
  return store as unknown as KeyvStoreAdapter & { rows: typeof rows };
}

function captureWarnings() {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  /** Stops capturing; the messages emitted meanwhile. */
  return (): string[] => {
    const messages = spy.mock.calls.map((call) => String(call[0]));
    spy.mockRestore();
    return messages;
  };
}

describe('keyvCache encryption', () => {
  afterEach(() => {
    delete process.env.COFFER_CACHE_KEY;
  });

  it('stores only sealed values under keyed hashes', async () => {
    const store = rawStore();
    const cache = keyvCache({ store, encryptionKey: randomBytes(32) });
    const [name, value] = [`/prod/${secret()}`, secret()];

    await cache.set(name, entry({ password: value }), 60_000);

    const dump = JSON.stringify([...store.rows]);
    expect(dump).not.toContain(value);
    expect(dump).not.toContain(name);
    expect(dump).toContain('c1.');
    expect((await cache.get(name))?.value).toEqual({ password: value });
  });

  it('answers a miss, with one warning, for an entry copied under another key', async () => {
    const store = rawStore();
    const cache = keyvCache({ store, encryptionKey: randomBytes(32), namespace: secret() });
    await cache.set('/a', entry(secret()), 60_000);
    await cache.set('/b', entry(secret()), 60_000);
    const entries = [...store.rows].filter(([key]) => !key.endsWith('key-check'));
    const [keyA, rowA] = entries[0] as [string, unknown];
    const [keyB] = entries[1] as [string, unknown];
    const stopCapture = captureWarnings();

    store.rows.set(keyB as string, rowA);
    const copied = await cache.get('/b');
    const original = await cache.get('/a');
    await cache.get('/b');

    const warnings = stopCapture();
    expect(copied).toBeUndefined();
    expect(original).toBeDefined();
    expect(keyA).not.toBe(keyB);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/fails authentication/);
  });

  it('answers a miss for a value changed by a single bit', async () => {
    const store = rawStore();
    const cache = keyvCache({ store, encryptionKey: randomBytes(32) });
    await cache.set('/flip', entry(secret()), 60_000);
    const [key, row] = [...store.rows].find(([k]) => !k.endsWith('key-check')) as [string, string];
    const data = JSON.parse(row) as { value: string };
    const bytes = Buffer.from(data.value.slice(3), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    const stopCapture = captureWarnings();

    store.rows.set(key, JSON.stringify({ ...data, value: `c1.${bytes.toString('base64')}` }));

    expect(await cache.get('/flip')).toBeUndefined();
    expect(stopCapture()).toHaveLength(1);
  });

  it('answers a miss for a row that is not even JSON, and keeps serving the others', async () => {
    const store = rawStore();
    const cache = keyvCache({ store, encryptionKey: randomBytes(32) });
    await cache.set('/bad', entry('x'), 60_000);
    await cache.set('/good', entry('y'), 60_000);
    const [badKey] = [...store.rows].find(([key]) => !key.endsWith('key-check')) as [string, unknown];
    const stopCapture = captureWarnings();

    store.rows.set(badKey, '{not json');

    expect(await cache.get('/bad')).toBeUndefined();
    expect((await cache.get('/good'))?.value).toBe('y');
    expect(stopCapture()).toHaveLength(1);
  });

  it('cannot read entries another key sealed in the same store', async () => {
    const store = rawStore();
    await keyvCache({ store, encryptionKey: randomBytes(32) }).set('/x', entry(secret()), 60_000);
    const stopCapture = captureWarnings();

    const other = keyvCache({ store, encryptionKey: randomBytes(32) });

    expect(await other.get('/x')).toBeUndefined();
    expect(stopCapture().join('\n')).toMatch(/another key/);
  });

  it('takes the key from COFFER_CACHE_KEY', async () => {
    const store = rawStore();
    const key = randomBytes(32).toString('base64');
    process.env.COFFER_CACHE_KEY = key;
    await keyvCache({ store }).set('/env', entry('v'), 60_000);

    const sameKey = keyvCache({ store, encryptionKey: key });

    expect((await sameKey.get('/env'))?.value).toBe('v');
  });

  it('rejects a COFFER_CACHE_KEY that is not 32 base64 bytes, naming the variable and not the value', () => {
    const bad = `not-a-key-${secret()}`;
    process.env.COFFER_CACHE_KEY = bad;

    let error: unknown;
    try {
      keyvCache({ path: freshFile() });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(CofferError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect((error as Error).message).toContain('COFFER_CACHE_KEY');
    expect((error as Error).message).not.toContain(bad);
  });

  it('rejects a short encryptionKey and a store without any key', () => {
    expect(() => keyvCache({ path: freshFile(), encryptionKey: randomBytes(16).toString('base64') })).toThrow(/encryptionKey/);
    expect(() => keyvCache({ store: rawStore() })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    // @ts-expect-error path and store exclude each other: the types say so, and so does the run time
    expect(() => keyvCache({ store: rawStore(), path: freshFile(), encryptionKey: randomBytes(32) })).toThrow(/path or a store/);
  });

  it('never shows the key or a value in util.inspect', async () => {
    const key = randomBytes(32);
    const value = secret();
    const cache = keyvCache({ path: freshFile(), encryptionKey: key });
    await cache.set('/i', entry(value), 60_000);

    const shown = inspect(cache, { showHidden: true, depth: 10 });

    expect(shown).not.toContain(value);
    expect(shown).not.toContain(key.toString('base64'));
    await cache.close?.();
  });

  it('works over a store handed in as a function, made on first use', async () => {
    const store = rawStore();
    const make = jest.fn(() => store);
    const cache = keyvCache({ store: make, encryptionKey: randomBytes(32) });
    expect(make).not.toHaveBeenCalled();

    await cache.set('/lazy', entry('v'), 60_000);
    await cache.get('/lazy');

    expect(make).toHaveBeenCalledTimes(1);
    expect(store.rows.size).toBe(2);
  });
});
