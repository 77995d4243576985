import { inspect } from 'node:util';
import { memoryCache, ProviderError } from '@coffer/core';
import { Vault, vault } from '@coffer/vault';
import { type OpenBao, startOpenBao } from '../../../scripts/harness/openbao';
import { address, admin, describeVault, rootToken, unique } from './support';

/** A token that may read (only) `secret/data/<folder>/*`, under a policy the test can take away. */
async function readOnlyToken(folder: string): Promise<{ token: string; policy: string }> {
  const policy = unique('p');
  await admin('PUT', `sys/policies/acl/${policy}`, { policy: `path "secret/data/${folder}/*" { capabilities = ["read"] }` });
  const created = await admin('POST', 'auth/token/create', { policies: [policy], ttl: '1h' });
  return { token: created?.auth.client_token as string, policy };
}

describeVault('vault access denied and outages, against OpenBao', () => {
  const open: Vault[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((made) => made.close()));
  });

  it('answers 403 with a non-transient ProviderError and never serves the cached value over it', async () => {
    const folder = unique();
    await admin('POST', `secret/data/${folder}/db`, { data: { password: 'old' } });
    const { token, policy } = await readOnlyToken(folder);
    const client = new Vault({ address: address(), token, kvVersion: 2, cache: memoryCache(), staleIfError: '1h' });
    open.push(client);
    expect(await client.get(`${folder}/db`, { keypath: ['password'] })).toBe('old');
    await admin('PUT', `sys/policies/acl/${policy}`, { policy: 'path "secret/data/elsewhere/*" { capabilities = ["read"] }' });
    await client.refresh(`${folder}/db`);
    const error = await client.get(`${folder}/db`).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
    expect((error as Error).message).toMatch(/403/);
    expect(client.stats().stale).toBe(0);
    // The token is the same one: a 403 to a given token is the answer, with no retry.
    expect(client.stats().apiCalls).toBe(2);
  });

  it('answers a path outside the policy with 403, not with not-found', async () => {
    const { token } = await readOnlyToken(unique());
    const client = new Vault({ address: address(), token, kvVersion: 2, cache: memoryCache() });
    open.push(client);
    await expect(client.get(`${unique()}/other`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
  });

  describe('a server that stops', () => {
    let bao: OpenBao;
    beforeEach(async () => {
      bao = await startOpenBao();
    });
    afterEach(async () => {
      await bao.stop();
    });

    /** A caching client of the server that has read `app/db` once. */
    async function cachedClient(): Promise<Vault> {
      await admin('POST', 'secret/data/app/db', { data: { password: 'kept' } }, { server: bao.address, token: bao.token });
      const options = { address: bao.address, token: bao.token, kvVersion: 2, maxAttempts: 2 } as const;
      const client = new Vault({ ...options, cache: memoryCache(), staleIfError: '1h' });
      open.push(client);
      expect(await client.get('app/db', { keypath: ['password'] })).toBe('kept');
      return client;
    }

    it('serves the cached value while the server is down, and counts it as stale', async () => {
      const client = await cachedClient();
      await bao.stop();
      await client.refresh('app/db');
      expect(await client.get('app/db', { keypath: ['password'] })).toBe('kept');
      expect(client.stats().stale).toBe(1);
      const error = await client.get('app/other').catch((reason: unknown) => reason);
      expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      expect((error as Error).message).toMatch(/cannot reach Vault at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    });

    it('serves the cached value while the server is sealed, and answers 503 as transient', async () => {
      const client = await cachedClient();
      await admin('PUT', 'sys/seal', {}, { server: bao.address, token: bao.token });
      await client.refresh('app/db');
      const before = client.stats().apiCalls;
      expect(await client.get('app/db', { keypath: ['password'] })).toBe('kept');
      expect(client.stats()).toMatchObject({ stale: 1, apiCalls: before + 2 });
      await expect(client.get('app/other')).rejects.toMatchObject({
        code: 'PROVIDER_ERROR',
        transient: true,
        message: expect.stringMatching(/503/),
      });
    });
  });

  it('keeps the token out of errors, inspect output and logs', async () => {
    const token = `hvs.${unique('leak')}${unique()}`;
    const logged: string[] = [];
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      }),
    );
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    try {
      const provider = vault({ address: address(), token, kvVersion: 2 });
      const client = new Vault({ address: address(), token, cache: memoryCache() });
      const down = new Vault({ address: 'http://127.0.0.1:1', token, maxAttempts: 1, cache: memoryCache() });
      open.push(client, down);
      const errors = await Promise.all(
        [client.get('app/db'), client.update('app/db', { a: '1' }, { cas: 3 }), client.getByPath('app'), down.get('app/db')].map((call) =>
          call.then(
            () => new Error('expected a failure'),
            (reason: unknown) => reason as Error,
          ),
        ),
      );
      const shown = [
        ...errors.flatMap((error) => [
          error.message,
          String(error),
          inspect(error, { depth: 10, showHidden: true }),
          JSON.stringify(error),
        ]),
        inspect(provider, { depth: 10, showHidden: true }),
        inspect(client, { depth: 10, showHidden: true }),
        JSON.stringify(provider),
        ...logged,
      ].join('\n');
      expect(errors.every((error) => error.message !== 'expected a failure')).toBe(true);
      expect(shown).not.toContain(token);
      expect(shown).not.toContain(rootToken());
    } finally {
      for (const spy of spies) spy.mockRestore();
      write.mockRestore();
    }
  });
});
