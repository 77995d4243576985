import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ParameterStore, type ParameterStoreOptions } from '@coffer/aws-ps';
import type { Fault } from '../../../scripts/harness/aws-proxy';
import { failoverFixture, primaryCallsBound, readAll, replica } from '../../../scripts/test-support/failover';
import { credentials, directSsm, motoEndpoint, region, uniquePrefix } from './support';

const replicaSsm = new SSMClient({ region: replica, endpoint: motoEndpoint(), credentials });
afterAll(() => replicaSsm.destroy());

/** `count` parameters created with the same values in the primary region and the replica region. */
async function inTwoRegions(count: number): Promise<string[]> {
  const prefix = uniquePrefix();
  const names = Array.from({ length: count }, (_, i) => `${prefix}/p${i}`);
  for (const ssm of [directSsm(), replicaSsm]) {
    await Promise.all(names.map((name, i) => ssm.send(new PutParameterCommand({ Name: name, Value: `value-${i}`, Type: 'SecureString' }))));
  }
  return names;
}

const fixture = failoverFixture((options: ParameterStoreOptions) => new ParameterStore(options), { region, credentials });
const failingOver = (options?: ParameterStoreOptions) => fixture.failingOver(options);

const values = (names: string[]) => names.map((_, i) => `value-${i}`);

describe('aws.ps failover to a replica region', () => {
  const faults: Array<[string, Fault]> = [
    ['answering 503', { status: 503, type: 'ServiceUnavailable' }],
    ['dropping connections', 'reset'],
    ['hanging', 'hang'],
  ];
  it.each(faults)(
    'reads 100 parameters from the replica with the primary %s',
    async (_, fault) => {
      const names = await inTwoRegions(100);
      const ps = failingOver();
      fixture.front.failRegion(region, fault);

      const reads = await readAll(ps, names);

      expect(reads).toEqual(values(names));
      expect(fixture.front.countIn(region)).toBeLessThanOrEqual(primaryCallsBound(names.length, 10));
      expect(ps.stats().regions).toEqual({ [replica]: expect.any(Number) });
      expect(fixture.front.countIn(replica, 'GetParameters')).toBeGreaterThanOrEqual(10);
    },
    30_000,
  );

  it('reads from the replica while the primary throttles every call', async () => {
    const names = await inTwoRegions(20);
    const ps = failingOver();
    fixture.front.failRegion(region, { status: 400, type: 'ThrottlingException' });

    const reads = await readAll(ps, names);

    expect(reads).toEqual(names.map((_, i) => `value-${i}`));
    expect(fixture.front.countIn(replica)).toBeGreaterThan(0);
  }, 30_000);

  it('skips the primary once it is judged down, listings and existence included', async () => {
    const names = await inTwoRegions(20);
    const ps = failingOver();
    fixture.front.failRegion(region, 'reset');
    await readAll(ps, names);
    const primaryCalls = fixture.front.countIn(region);

    expect(await readAll(ps, names)).toHaveLength(20);
    const folder = (names[0] as string).slice(0, (names[0] as string).lastIndexOf('/'));
    expect(Object.keys(await ps.getByPath(folder))).toHaveLength(20);
    expect(await ps.pathExists(folder)).toBe(true);
    expect(fixture.front.countIn(region)).toBe(primaryCalls);
  }, 30_000);

  it.each([
    ['AccessDeniedException', 'PROVIDER_ERROR'],
    ['ParameterNotFound', 'SECRET_NOT_FOUND'],
  ])(
    'never reads the replica when the primary answers %s',
    async (type, code) => {
      const names = await inTwoRegions(10);
      const ps = failingOver();
      fixture.front.failRegion(region, { status: 400, type });

      const results = await Promise.allSettled(names.map((name) => ps.get(name)));

      for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: { code } });
      expect(fixture.front.countIn(replica)).toBe(0);
      expect(fixture.front.countIn(region)).toBeGreaterThan(0);
    },
    30_000,
  );

  it('returns to the primary within one probe interval after it comes back', async () => {
    const names = await inTwoRegions(20);
    const probeMs = 300;
    const ps = failingOver({ failoverProbeInterval: probeMs });
    fixture.front.failRegion(region, { status: 503, type: 'ServiceUnavailable' });
    await readAll(ps, names);
    expect(ps.stats().regions?.[region]).toBeUndefined();

    fixture.front.failRegion(region, undefined);
    await new Promise((resolve) => setTimeout(resolve, probeMs));
    // The first read after one interval probes the primary; reads in flight meanwhile still fail over.
    const primaryCalls = fixture.front.countIn(region);
    await ps.get(names[0] as string);
    expect(fixture.front.countIn(region)).toBeGreaterThan(primaryCalls);
    const replicaCalls = fixture.front.countIn(replica);
    const back = await readAll(ps, names);

    expect(back).toEqual(values(names));
    expect(ps.stats().regions?.[region]).toBeGreaterThan(0);
    expect(fixture.front.countIn(replica)).toBe(replicaCalls);
  }, 30_000);

  it('fails an update with the primary down and writes nothing to the replica', async () => {
    const [name] = await inTwoRegions(1);
    const ps = failingOver();
    fixture.front.failRegion(region, { status: 503, type: 'ServiceUnavailable' });

    await expect(ps.update(name as string, 'written during the outage')).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      transient: true,
    });

    expect(fixture.front.countIn(replica)).toBe(0);
    const held = await replicaSsm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    expect(held.Parameter?.Value).toBe('value-0');
  }, 30_000);
});
