import { SecretsManager } from '@coffer/aws-sm';
import { configure, get, memoryCache } from '@coffer/core';
import { startMoto } from '../../../scripts/harness/moto';
import { credentials, directSm, region, seedSm, uniquePrefix } from './support';
import '@coffer/aws-sm';

describe('aws.sm when the emulator stops', () => {
  it('serves stale values and fails new names with a transient ProviderError', async () => {
    const moto = await startMoto();
    try {
      const prefix = uniquePrefix();
      await seedSm([{ name: `${prefix}/db`, value: '{"password":"pw"}' }], directSm(moto.endpoint));
      const sm = new SecretsManager({
        endpoint: moto.endpoint,
        region,
        credentials,
        maxAttempts: 2,
        timeoutMs: 1000,
        cache: memoryCache(),
      });
      expect(await sm.get(`${prefix}/db`, { keypath: ['password'] })).toBe('pw');
      await sm.refresh();
      await moto.stop();

      expect(await sm.get(`${prefix}/db`, { keypath: ['password'] })).toBe('pw');
      await expect(sm.get(`${prefix}/other`)).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      expect(sm.stats().stale).toBe(1);
      await sm.close();
    } finally {
      await moto.stop();
    }
  }, 30_000);

  it('registers aws.sm on import for the top-level functions', async () => {
    const name = `${uniquePrefix()}/top`;
    await seedSm([{ name, value: 'via get()' }]);
    configure('aws.sm', { endpoint: process.env.COFFER_TEST_AWS_ENDPOINT, region, credentials });
    try {
      expect(await get('aws.sm', name)).toBe('via get()');
    } finally {
      configure('aws.sm');
    }
  });
});
