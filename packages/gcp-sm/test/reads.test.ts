import { GcpSecretManager, gcpSm } from '@coffer/gcp-sm';
import { accessToken, addVersion, admin, describeGcp, endpoint, project, unique } from './support';

const client = () => new GcpSecretManager({ endpoint: endpoint(), project, credentials: { accessToken } });

describeGcp('gcp.sm reads on drongo', () => {
  it('reads the latest version, a numbered one by selector or option, and latest by name', async () => {
    const id = unique('v');
    for (const value of ['one', 'two', 'three']) await addVersion(id, value);
    const secrets = client();
    expect(await secrets.get(id)).toBe('three');
    expect(await secrets.get(`${id}:1`)).toBe('one');
    expect(await secrets.get(id, { version: 2 })).toBe('two');
    expect(await secrets.get(`${id}:latest`)).toBe('three');
    expect(await secrets.get(`projects/${project}/secrets/${id}/versions/2`)).toBe('two');
    expect(await secrets.get(`projects/${project}/secrets/${id}`)).toBe('three');
    await expect(secrets.get(`${id}:9`)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await secrets.close();
  });

  it('skips a disabled latest version, and calls a disabled numbered one not found', async () => {
    const id = unique('d');
    await addVersion(id, 'one');
    await addVersion(id, 'two');
    await admin('POST', `secrets/${id}/versions/2:disable`, {});
    const secrets = client();
    expect(await secrets.get(id)).toBe('one');
    const error = await secrets.get(`${id}:2`).catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'SECRET_NOT_FOUND', message: expect.stringMatching(/disabled or destroyed/) });
    await secrets.close();
  });

  it('returns the version, its resource name and state as metadata, and createTime with versionDetails', async () => {
    const id = unique('m');
    await addVersion(id, 'a');
    await addVersion(id, 'b');
    const context = {
      calls: 0,
      countApiCall(count = 1) {
        this.calls += count;
      },
    };
    const cheap = gcpSm({ endpoint: endpoint(), project, credentials: { accessToken } });
    const read = await cheap.get!({ path: `projects/${project}/secrets/${id}`, options: { version: 'latest' } }, context);
    expect(read?.metadata).toEqual({ version: '2', fields: { name: `projects/${project}/secrets/${id}/versions/2`, state: 'ENABLED' } });
    expect(context.calls).toBe(1);

    const detailed = gcpSm({ endpoint: endpoint(), project, credentials: { accessToken }, versionDetails: true });
    const full = await detailed.get!({ path: `projects/${project}/secrets/${id}`, options: { version: '1' } }, context);
    expect(full?.value).toBe('a');
    expect(full?.metadata).toMatchObject({ version: '1', fields: { state: 'ENABLED' } });
    expect(new Date(full?.metadata?.updatedAt ?? '').getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(context.calls).toBe(3);
    await Promise.all([cheap.close?.(), detailed.close?.()]);
  });

  it('lists the secrets whose id starts with a prefix, keyed as the prefix was written', async () => {
    const prefix = unique('app');
    await addVersion(`${prefix}-db`, '{"user":"app"}');
    await addVersion(`${prefix}-api`, 'key');
    await addVersion(`${prefix}x-other`, 'not under the dash');
    await admin('POST', `secrets?secretId=${prefix}-empty`, { replication: { automatic: {} } });
    const secrets = client();
    expect(await secrets.getByPath(`${prefix}-`)).toEqual({ [`${prefix}-api`]: 'key', [`${prefix}-db`]: { user: 'app' } });
    expect(await secrets.getByPath(`projects/${project}/secrets/${prefix}-`)).toEqual({
      [`projects/${project}/secrets/${prefix}-api`]: 'key',
      [`projects/${project}/secrets/${prefix}-db`]: { user: 'app' },
    });
    // Each listing: one page, then one access per matching secret (the empty one answers 404).
    expect(secrets.stats().apiCalls).toBe(2 * (1 + 3));
    await secrets.close();
  });

  it('answers pathExists for a secret, a version and a key without listing', async () => {
    const id = unique('e');
    await addVersion(id, '{"a":1}');
    const secrets = client();
    expect(await secrets.pathExists(id)).toBe(true);
    expect(await secrets.pathExists(`${id}:1`)).toBe(true);
    expect(await secrets.pathExists(`${id}:2`)).toBe(false);
    expect(await secrets.pathExists(id, { keypath: ['a'] })).toBe(true);
    expect(await secrets.pathExists(`${id}x`)).toBe(false);
    await secrets.close();
  });
});
