import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache } from '@coffer/core';
import { credentials, proxy, region, seedSsm, uniquePrefix } from './support';

const roleArn = 'arn:aws:iam::123456789012:role/coffer-reader';

describe('aws.ps with an assumed role', () => {
  it('assumes the role through STS once and signs its requests with the returned key', async () => {
    const prefix = uniquePrefix();
    await seedSsm(Array.from({ length: 20 }, (_, i) => ({ name: `${prefix}/p${i}`, value: `v${i}` })));
    const counter = await proxy();
    const ps = new ParameterStore({
      endpoint: counter.endpoint,
      region,
      credentials,
      assumeRole: { roleArn, externalId: 'ext-1' },
      cache: memoryCache(),
    });

    await Promise.all(Array.from({ length: 20 }, (_, i) => ps.get(`${prefix}/p${i}`)));

    const assume = counter.requests.filter((request) => request.operation === 'AssumeRole');
    const reads = counter.requests.filter((request) => request.operation === 'GetParameters');
    expect(assume).toHaveLength(1);
    expect(assume[0]?.accessKeyId).toBe(credentials.accessKeyId);
    expect(reads).toHaveLength(2);
    const assumedKey = reads[0]?.accessKeyId;
    expect(assumedKey).toBeDefined();
    expect(assumedKey).not.toBe(credentials.accessKeyId);
    expect(reads.every((request) => request.accessKeyId === assumedKey)).toBe(true);
    await ps.close();
    await counter.close();
  });

  it('assumes the role again once when AWS answers that the token expired', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/x`, value: 'still readable' }]);
    const counter = await proxy();
    let expired = false;
    counter.fault((request) => {
      if (request.operation !== 'GetParameters' || expired) return undefined;
      expired = true;
      return { status: 400, type: 'ExpiredTokenException' };
    });
    const ps = new ParameterStore({ endpoint: counter.endpoint, region, credentials, assumeRole: { roleArn } });

    expect(await ps.get(`${prefix}/x`)).toBe('still readable');

    const seen = counter.requests.map((request) => request.operation);
    expect(seen).toEqual(['AssumeRole', 'GetParameters', 'AssumeRole', 'GetParameters']);
    expect(counter.requests[3]?.accessKeyId).not.toBe(counter.requests[1]?.accessKeyId);
    await ps.close();
    await counter.close();
  });

  it('assumes COFFER_AWS_ROLE_ARN for instances made without assumeRole, unless assumeRole is false', async () => {
    const prefix = uniquePrefix();
    await seedSsm([{ name: `${prefix}/x`, value: 'v' }]);
    const counter = await proxy();
    process.env.COFFER_AWS_ROLE_ARN = roleArn;
    try {
      const withRole = new ParameterStore({ endpoint: counter.endpoint, region, credentials });
      const without = new ParameterStore({ endpoint: counter.endpoint, region, credentials, assumeRole: false });
      await withRole.get(`${prefix}/x`);
      await without.get(`${prefix}/x`);
      await withRole.close();
      await without.close();
    } finally {
      delete process.env.COFFER_AWS_ROLE_ARN;
    }
    expect(counter.requests.map((request) => request.operation)).toEqual(['AssumeRole', 'GetParameters', 'GetParameters']);
    expect(counter.requests[2]?.accessKeyId).toBe(credentials.accessKeyId);
    await counter.close();
  });
});
