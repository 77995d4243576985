import { X509Certificate } from 'node:crypto';
import { createClient } from '@coffer/core';
import { vault } from '@coffer/vault';
import { awsProxy } from '../../../scripts/harness/aws-proxy';
import { address, admin, describeVault, rootToken, unique } from './support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A context that counts the provider's API calls, as the client's stats do. */
function counting(): { calls: number; countApiCall(count?: number): void } {
  return {
    calls: 0,
    countApiCall(count = 1) {
      this.calls += count;
    },
  };
}

/** A PKI engine at a unique mount with a role issuing certificates with a lease of `ttl`. */
async function pkiRole(ttl: string): Promise<string> {
  const mount = unique('pki');
  await admin('POST', `sys/mounts/${mount}`, { type: 'pki', config: { max_lease_ttl: '1h' } });
  await admin('POST', `${mount}/root/generate/internal`, { common_name: 'coffer test root', ttl: '1h' });
  await admin('POST', `${mount}/roles/web`, { allow_any_name: true, ttl, max_ttl: ttl, generate_lease: true });
  return `${mount}/issue/web`;
}

/** Whether a token (by accessor) is still alive on the server. */
async function alive(accessor: string): Promise<boolean> {
  try {
    await admin('POST', 'auth/token/lookup-accessor', { accessor });
    return true;
  } catch {
    return false;
  }
}

describeVault('vault leases of dynamic secrets, against OpenBao', () => {
  jest.setTimeout(30_000);

  it('replaces a watched certificate with a 10 s lease before it expires, with no read failing', async () => {
    const path = await pkiRole('10s');
    const client = createClient({ provider: vault({ address: address(), token: rootToken() }) });
    const options = { logical: true, data: { common_name: 'web.coffer.test' } } as const;
    const serials: string[] = [];
    const unwatch = client.watch(
      path,
      (value) => {
        serials.push(new X509Certificate((value as { certificate: string }).certificate).serialNumber);
      },
      { ...options, interval: '1s', initial: true },
    );

    const started = Date.now();
    let reads = 0;
    while (Date.now() - started < 12_000) {
      const value = await client.get<{ certificate: string }>(path, options);
      const certificate = new X509Certificate(value.certificate);
      // Every read returns a certificate that is still valid.
      expect(Date.parse(certificate.validTo)).toBeGreaterThan(Date.now());
      reads++;
      await sleep(250);
    }
    unwatch();
    const calls = client.stats().apiCalls;
    await client.close();

    expect(reads).toBeGreaterThan(40);
    expect(new Set(serials).size).toBeGreaterThanOrEqual(2);
    expect(serials.length).toBe(new Set(serials).size);
    // OpenBao's PKI leases are not renewable: one call per certificate, none per read or poll
    // (more than 40 of them). The last certificate may be issued just before the watch stops,
    // and not yet delivered to it.
    expect(calls - serials.length).toBeGreaterThanOrEqual(0);
    expect(calls - serials.length).toBeLessThanOrEqual(1);
  });

  it('replaces a certificate that is only watched, with an interval longer than its lease', async () => {
    const path = await pkiRole('6s');
    const client = createClient({ provider: vault({ address: address(), token: rootToken() }) });
    const delivered: X509Certificate[] = [];
    const unwatch = client.watch(
      path,
      (value) => {
        delivered.push(new X509Certificate((value as { certificate: string }).certificate));
      },
      { logical: true, data: { common_name: 'watched.coffer.test' }, interval: '1m', initial: true },
    );

    await sleep(10_000);
    const last = delivered.at(-1);
    unwatch();
    await client.close();

    // Issued at 0, replaced at about 4 s and 6.7 s: each before the one before it expired.
    expect(delivered.length).toBeGreaterThanOrEqual(3);
    expect(Date.parse(last?.validTo ?? '')).toBeGreaterThan(Date.now());
  });

  it('keeps renewing a lease that is only watched, and tells the listener once', async () => {
    const client = createClient({ provider: vault({ address: address(), token: rootToken() }) });
    const accessors: string[] = [];
    const unwatch = client.watch(
      'auth/token/create',
      (value) => {
        accessors.push((value as { accessor: string }).accessor);
      },
      { logical: true, data: { ttl: '3s', policies: 'default' }, interval: '1m', initial: true },
    );

    await sleep(7_000);
    unwatch();
    const calls = client.stats().apiCalls;
    await client.close();

    expect(accessors).toHaveLength(1);
    expect(await alive(accessors[0] ?? '')).toBe(true);
    // One issue, then one renewal two thirds into each 3 s lease: at about 2, 4 and 6 s.
    expect(calls).toBe(4);
  });

  it('renews a renewable lease while it is read, and counts the renewals', async () => {
    const provider = vault({ address: address(), token: rootToken() });
    const context = counting();
    const request = { path: 'auth/token/create', options: { logical: true, data: { ttl: '3s', policies: 'default' } } };

    const first = await provider.get?.(request, context);
    const accessor = first?.metadata?.version as string;
    const started = Date.now();
    while (Date.now() - started < 5_000) {
      const again = await provider.get?.(request, context);
      expect(again?.metadata?.version).toBe(accessor);
      await sleep(250);
    }

    // One issue, then a renewal two thirds into each 3 s lease: at about 2 s and 4 s.
    expect(context.calls).toBe(3);
    expect(await alive(accessor)).toBe(true);
    await provider.close?.();
  });

  it('keeps serving a lease whose renewal failed, and renews it on the next try', async () => {
    const proxy = await awsProxy(address());
    const provider = vault({ address: proxy.endpoint, token: rootToken(), maxAttempts: 1 });
    const request = { path: 'auth/token/create', options: { logical: true, data: { ttl: '3s', policies: 'default' } } };
    const renew = 'PUT /v1/auth/token/renew-accessor';
    let failures = 1;
    proxy.fault((seen) => (seen.operation === renew && failures-- > 0 ? { status: 503, type: 'Sealed' } : undefined));

    const accessor = (await provider.get?.(request, counting()))?.metadata?.version as string;
    const started = Date.now();
    while (Date.now() - started < 4_500) {
      expect((await provider.get?.(request, counting()))?.metadata?.version).toBe(accessor);
      await sleep(250);
    }

    // Failed at about 2 s, renewed at the retry: the token outlived its first 3 s.
    expect(proxy.count(renew)).toBeGreaterThanOrEqual(2);
    expect(proxy.count('PUT /v1/auth/token/create')).toBe(1);
    expect(await alive(accessor)).toBe(true);
    await provider.close?.();
    await proxy.close();
  });

  it('stops renewing a lease no longer read, and lets it expire', async () => {
    const provider = vault({ address: address(), token: rootToken() });
    const context = counting();
    const request = { path: 'auth/token/create', options: { logical: true, data: { ttl: '3s', policies: 'default' } } };

    const accessor = (await provider.get?.(request, context))?.metadata?.version as string;
    await sleep(7_000);

    // The renewal at about 2 s covers the period of the read; none after it.
    expect(context.calls).toBe(2);
    expect(await alive(accessor)).toBe(false);
    await provider.close?.();
  });

  it('revokes on close the leases it gave up that have not expired', async () => {
    const provider = vault({ address: address(), token: rootToken(), revokeLeasesOnClose: true });
    const data = { ttl: '3s', explicit_max_ttl: '1m', policies: 'default' };
    const request = { path: 'auth/token/create', options: { logical: true, data } };
    const replaced = vault({ address: address(), token: rootToken(), revokeLeasesOnClose: true });
    const capped = { path: 'auth/token/create', options: { logical: true, data: { ttl: '3s', explicit_max_ttl: '4s' } } };

    const idle = (await provider.get?.(request, counting()))?.metadata?.version as string;
    const first = (await replaced.get?.(capped, counting()))?.metadata?.version as string;
    const started = Date.now();
    let second = first;
    while (Date.now() - started < 3_800) {
      second = (await replaced.get?.(capped, counting()))?.metadata?.version as string;
      await sleep(200);
    }
    await provider.close?.();
    await replaced.close?.();

    expect(second).not.toBe(first);
    expect(await alive(idle)).toBe(false);
    expect(await alive(first)).toBe(false);
    expect(await alive(second)).toBe(false);
  });

  it('reads again a lease whose renewal is capped by its max ttl', async () => {
    const provider = vault({ address: address(), token: rootToken() });
    const context = counting();
    const data = { ttl: '3s', explicit_max_ttl: '4s', policies: 'default' };
    const request = { path: 'auth/token/create', options: { logical: true, data } };

    const first = await provider.get?.(request, context);
    const versions = new Set<unknown>([first?.metadata?.version]);
    const started = Date.now();
    while (Date.now() - started < 5_000) {
      versions.add((await provider.get?.(request, context))?.metadata?.version);
      await sleep(250);
    }

    expect(versions.size).toBe(2);
    await provider.close?.();
  });

  it('keeps the leases of a getMany as of single reads: no new issue when asked again, revoked on close', async () => {
    const client = createClient({ provider: vault({ address: address(), token: rootToken(), revokeLeasesOnClose: true }) });
    const certificate = await pkiRole('1m');
    const paths = {
      'auth/token/create': { logical: true, data: { ttl: '1m', policies: 'default' }, metadata: true },
      [certificate]: { logical: true, data: { common_name: 'many.internal' }, metadata: true },
    } as const;

    const first = await client.getMany(paths);
    const calls = client.stats().apiCalls;
    const hits = client.stats().hits;
    // Past the cache, to the provider: the leases it holds answer, without issuing anything.
    const again = await client.getMany(paths, { forceFetch: true });

    const versions = (read: typeof first) => Object.values(read).map((one) => (one as { version?: string }).version);
    expect(versions(again)).toEqual(versions(first));
    expect(versions(first).every((version) => typeof version === 'string')).toBe(true);
    expect(client.stats().apiCalls).toBe(calls);
    expect(client.stats().hits).toBe(hits);
    await client.close();
    expect(await alive(versions(first)[0] as string)).toBe(false);
  });

  it('revokes the leases it holds on close when revokeLeasesOnClose is set, and only then', async () => {
    const request = { path: 'auth/token/create', options: { logical: true, data: { ttl: '1m', policies: 'default' } } };
    const kept = vault({ address: address(), token: rootToken() });
    const revoking = vault({ address: address(), token: rootToken(), revokeLeasesOnClose: true });

    const keptAccessor = (await kept.get?.(request, counting()))?.metadata?.version as string;
    const revokedAccessor = (await revoking.get?.(request, counting()))?.metadata?.version as string;
    await kept.close?.();
    await revoking.close?.();

    expect(await alive(keptAccessor)).toBe(true);
    expect(await alive(revokedAccessor)).toBe(false);
  });
});
