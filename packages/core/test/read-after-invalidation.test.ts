import { type CofferClient, createClient, memoryCache, type Provider } from '@coffer/core';
import { heldProvider, turns } from './helpers';

/** Waits, a bounded number of event-loop turns, until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await turns(1);
}

describe('a read issued after an invalidation resolved', () => {
  const invalidations: [string, (client: CofferClient, provider: ReturnType<typeof heldProvider>) => Promise<void>][] = [
    ['update()', (client) => client.update('/k', 'new')],
    [
      'refresh(path)',
      async (client, { inner }) => {
        inner.set('/k', 'new');
        await client.refresh('/k');
      },
    ],
    [
      'refresh()',
      async (client, { inner }) => {
        inner.set('/k', 'new');
        await client.refresh();
      },
    ],
    [
      'clear()',
      async (client, { inner }) => {
        inner.set('/k', 'new');
        await client.clear();
      },
    ],
  ];

  it.each(invalidations)('after %s starts a load of its own instead of joining one begun before', async (_, invalidate) => {
    const held = heldProvider({ '/k': 'old' });
    const client = createClient({ provider: held.provider });
    const before = client.get('/k');
    await until(() => held.reads() === 1);

    await invalidate(client, held);
    const after = client.get('/k');
    await until(() => held.reads() === 2);
    held.releaseAll();

    expect(await before).toBe('old');
    expect(await after).toBe('new');
    expect(await client.get('/k')).toBe('new');
    expect(held.reads()).toBe(2);
  });

  it('never lets a load begun before an update store its value, even when it answers last', async () => {
    const held = heldProvider({ '/k': 'old' });
    const client = createClient({ provider: held.provider });
    const before = client.get('/k');
    await until(() => held.reads() === 1);
    await client.update('/k', 'new');
    const after = client.get('/k');
    await until(() => held.reads() === 2);

    held.release(1);
    await turns(5);
    held.release(0);
    expect(await after).toBe('new');
    expect(await before).toBe('old');

    expect(await client.get('/k')).toBe('new');
    expect(held.reads()).toBe(2);
  });

  it('makes a listing issued after an update of a secret under it fetch again', async () => {
    const held = heldProvider({ '/app/a': 'old', '/app/b': 'b' });
    const client = createClient({ provider: held.provider });
    const before = client.getByPath('/app');
    await until(() => held.reads() === 1);

    await client.update('/app/a', 'new');
    const after = client.getByPath('/app');
    await until(() => held.reads() === 2);
    held.releaseAll();

    expect(await before).toEqual({ '/app/a': 'old', '/app/b': 'b' });
    expect(await after).toEqual({ '/app/a': 'new', '/app/b': 'b' });
    expect(await client.getByPath('/app')).toEqual({ '/app/a': 'new', '/app/b': 'b' });
  });

  it('still lets reads issued together share one load', async () => {
    const held = heldProvider({ '/k': 'v', '/other': 'o' });
    const client = createClient({ provider: held.provider });
    const reads = [client.get('/k'), client.get('/k')];
    await until(() => held.reads() === 1);
    await client.update('/other', 'changed');
    reads.push(client.get('/k'));
    await turns(5);
    held.releaseAll();
    expect(await Promise.all(reads)).toEqual(['v', 'v', 'v']);
    expect(held.reads()).toBe(1);
  });
});

describe('heldProvider (test helper)', () => {
  it('holds reads until released', async () => {
    const held = heldProvider({ '/x': 'x' });
    const client = createClient({ provider: held.provider, cache: false });
    const read = client.get('/x');
    await until(() => held.reads() === 1);
    let done = false;
    void read.then(() => {
      done = true;
    });
    await turns(3);
    expect(done).toBe(false);
    held.releaseAll();
    expect(await read).toBe('x');
  });
});

describe('a listing by name prefix (as aws.sm lists)', () => {
  /** A provider whose listing of `p` holds every name that starts with `p`, `p` itself too. */
  function prefixProvider(seed: Record<string, string>): Provider {
    const store = new Map(Object.entries(seed));
    return {
      name: 'prefix',
      async get({ path }, context) {
        context.countApiCall();
        const value = store.get(path);
        return value === undefined ? undefined : { value };
      },
      async list({ path }, context) {
        context.countApiCall();
        return Object.fromEntries([...store].filter(([name]) => name.startsWith(path)).map(([name, value]) => [name, { value }]));
      },
      async update({ path, value }, context) {
        context.countApiCall();
        store.set(path, value as string);
      },
    };
  }

  it('is fetched again after an update of the secret named exactly as the prefix', async () => {
    const client = createClient({ provider: prefixProvider({ 'prod/db': 'old', 'prod/dbx': 'x' }) });
    expect(await client.getByPath('prod/db')).toEqual({ 'prod/db': 'old', 'prod/dbx': 'x' });
    await client.update('prod/db', 'new');
    expect(await client.getByPath('prod/db')).toEqual({ 'prod/db': 'new', 'prod/dbx': 'x' });
  });

  it('is dropped from a shared cache by an update made through another client', async () => {
    const provider = prefixProvider({ 'prod/db': 'old' });
    const shared = memoryCache();
    const reader = createClient({ provider, cache: shared });
    const writer = createClient({ provider, cache: shared });
    expect(await reader.getByPath('prod/db')).toEqual({ 'prod/db': 'old' });
    await writer.update('prod/db', 'new');
    expect(await reader.getByPath('prod/db')).toEqual({ 'prod/db': 'new' });
  });
});
