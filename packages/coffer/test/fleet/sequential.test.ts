import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache } from '@coffer/core';
import { clientOptions, proxy, seedParameters, uniquePrefix } from './support';

jest.setTimeout(60_000);

describe('sequential code, one await at a time, on moto behind the counting proxy', () => {
  it('reads 100 parameters after a getMany with at most 10 calls, and again after their ttl with at most 12 more', async () => {
    const values = await seedParameters(uniquePrefix(), 100);
    const names = Object.keys(values);
    const counter = await proxy();
    const ps = new ParameterStore({ ...clientOptions(counter.endpoint), cache: memoryCache({ ttl: 1000 }) });
    try {
      expect(await ps.getMany(names)).toEqual(values);
      for (const name of names) expect(await ps.get(name)).toBe(values[name]);
      expect(counter.count('GetParameters')).toBeLessThanOrEqual(10);
      const first = counter.count('GetParameters');

      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (const name of names) expect(await ps.get(name)).toBe(values[name]);

      expect(counter.count('GetParameters') - first).toBeLessThanOrEqual(12);
      expect(counter.count()).toBe(counter.count('GetParameters'));
    } finally {
      await ps.close();
      await counter.close();
    }
  });

  it('answers getMany at the top level with one call per 10 names', async () => {
    const values = await seedParameters(uniquePrefix(), 25);
    const counter = await proxy();
    const { configure, getMany } = await import('coffer');
    configure('aws.ps', { ...clientOptions(counter.endpoint), cache: memoryCache() });
    try {
      expect(await getMany('aws.ps', Object.keys(values))).toEqual(values);
      const { values: found, errors } = await getMany('aws.ps', [...Object.keys(values).slice(0, 2), '/no/such/name'], {
        throwOnError: false,
      });
      expect(Object.keys(found)).toHaveLength(2);
      expect(errors['/no/such/name']?.code).toBe('SECRET_NOT_FOUND');
      expect(counter.count('GetParameters')).toBe(3 + 1);
    } finally {
      configure('aws.ps');
      await counter.close();
    }
  });
});
