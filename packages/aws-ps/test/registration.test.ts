import { configure, get, getByPath, instance, pathExists, update } from '@coffer/core';
import { credentials, region, seedSsm, uniquePrefix } from './support';
import '@coffer/aws-ps';

describe('aws.ps through the top-level functions', () => {
  afterAll(() => configure('aws.ps'));

  it('registers aws.ps on import and honours configure()', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/a`, value: '{"k":1}' }]);
    configure('aws.ps', { endpoint: process.env.COFFER_TEST_AWS_ENDPOINT, region, credentials, ttl: '1h' });

    expect(await get('aws.ps', `${prefix}/a`, { keypath: ['k'] })).toBe(1);
    await update('aws.ps', `${prefix}/b`, 'made', { create: true, type: 'String' });
    expect(await getByPath('aws.ps', prefix)).toEqual({ [`${prefix}/a`]: { k: 1 }, [`${prefix}/b`]: 'made' });
    expect(await pathExists('aws.ps', prefix)).toBe(true);
    expect(instance('aws.ps').stats().apiCalls).toBeGreaterThan(0);
  });
});
