import { GcpSecretManager } from '@coffer/gcp-sm';
import { accessToken, addVersion, admin, describeGcp, endpoint, project, unique } from './support';

const client = () => new GcpSecretManager({ endpoint: endpoint(), project, credentials: { accessToken } });

describeGcp('gcp.sm update on drongo', () => {
  it('adds a version that becomes latest, keeping the earlier ones readable', async () => {
    const id = unique('u');
    await addVersion(id, 'v1');
    const secrets = client();
    expect(await secrets.get(id)).toBe('v1');
    await secrets.update(id, { password: 'n3w' });
    expect(await secrets.get(id, { keypath: ['password'] })).toBe('n3w');
    expect(await secrets.get(`${id}:1`)).toBe('v1');
    const versions = await admin('GET', `secrets/${id}/versions`);
    expect((versions.versions as unknown[]).length).toBe(2);
    await secrets.close();
  });

  it('creates a missing secret with its labels on create: true, and refuses it without', async () => {
    const id = unique('c');
    const secrets = client();
    await expect(secrets.update(id, 'v')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await secrets.update(`projects/${project}/secrets/${id}`, 'made', { create: true, labels: { team: 'payments' } });
    expect(await secrets.get(id)).toBe('made');
    expect((await admin('GET', `secrets/${id}`)).labels).toEqual({ team: 'payments' });
    await secrets.close();
  });

  it('writes bytes as they are and reads back what is not UTF-8 as bytes', async () => {
    const id = unique('b');
    const secrets = client();
    await secrets.update(id, new Uint8Array([0xff, 0xfe, 0x00]), { create: true });
    expect([...((await secrets.get(id)) as Uint8Array)]).toEqual([0xff, 0xfe, 0x00]);
    await secrets.close();
  });

  it('refuses a version selector, a payload over 64 KiB and bad labels before any call', async () => {
    const secrets = client();
    await expect(secrets.update('db:3', 'v')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(secrets.update('db', 'x'.repeat(64 * 1024 + 1))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(secrets.update('db', 'v', { create: true, labels: { Team: 'x' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(secrets.update('bad/id', 'v')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(secrets.stats().apiCalls).toBe(0);
    await secrets.close();
  });
});
