import { GcpSecretManager } from '@coffer/gcp-sm';
import { startDrongo } from '../../../scripts/harness/drongo';
import { accessToken, addVersion, describeGcp, project, unique } from './support';

describeGcp('gcp.sm when the emulator stops', () => {
  it('serves stale values and fails new names with a transient ProviderError', async () => {
    const drongo = await startDrongo();
    try {
      const id = unique('s');
      await addVersion(id, '{"password":"pw"}', drongo.endpoint);
      await addVersion(`${id}-b`, 'listed', drongo.endpoint);
      const secrets = new GcpSecretManager({
        endpoint: drongo.endpoint,
        project,
        credentials: { accessToken },
        maxAttempts: 2,
        timeoutMs: 1000,
        staleIfError: '1h',
      });
      expect(await secrets.get(id, { keypath: ['password'] })).toBe('pw');
      expect(Object.keys(await secrets.getByPath(id))).toHaveLength(2);
      await secrets.refresh();
      await drongo.stop();

      expect(await secrets.get(id, { keypath: ['password'] })).toBe('pw');
      expect(Object.keys(await secrets.getByPath(id))).toHaveLength(2);
      await expect(secrets.get(`${id}-other`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      expect(secrets.stats().stale).toBe(2);
      await secrets.close();
    } finally {
      await drongo.stop();
    }
  }, 30_000);
});
