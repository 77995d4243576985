import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FAILOVER_CHANNEL, type FailoverEvent } from '@coffer/aws';
import { SecretsManager, type SecretsManagerOptions } from '@coffer/aws-sm';
import { type BackendCallEvent, COFFER_CHANNELS, ValidationError } from '@coffer/core';
import type { Fault } from '../../../scripts/harness/aws-proxy';
import { failoverFixture, primaryCallsBound, readAll, replica } from '../../../scripts/test-support/failover';
import { credentials, directSm, motoEndpoint, region, uniquePrefix } from './support';

/** `count` secrets created in the primary region and replicated with ReplicateSecretToRegions. */
async function replicated(count: number): Promise<{ names: string[]; arns: string[] }> {
  const prefix = uniquePrefix();
  const names = Array.from({ length: count }, (_, i) => `${prefix}/s${i}`);
  const created = await Promise.all(
    names.map((name, i) =>
      directSm().send(new CreateSecretCommand({ Name: name, SecretString: `value-${i}`, AddReplicaRegions: [{ Region: replica }] })),
    ),
  );
  return { names, arns: created.map((secret) => secret.ARN as string) };
}

const replicaSm = new SecretsManagerClient({ region: replica, endpoint: motoEndpoint(), credentials });
afterAll(() => replicaSm.destroy());

const fixture = failoverFixture((options: SecretsManagerOptions) => new SecretsManager(options), { region, credentials });
const failingOver = (options?: SecretsManagerOptions) => fixture.failingOver(options);

describe('aws.sm failover to a replica region', () => {
  const faults: Array<[string, Fault]> = [
    ['answering 503', { status: 503, type: 'ServiceUnavailable' }],
    ['dropping connections', 'reset'],
    ['hanging', 'hang'],
  ];
  it.each(faults)(
    'reads 100 replicated secrets from the replica with the primary %s',
    async (_, fault) => {
      const { names } = await replicated(100);
      const sm = failingOver();
      fixture.front.failRegion(region, fault);

      const reads = await readAll(sm, names);

      expect(reads).toEqual(names.map((_, i) => `value-${i}`));
      expect(fixture.front.countIn(region)).toBeLessThanOrEqual(primaryCallsBound(names.length, 20));
      expect(sm.stats().regions).toEqual({ [replica]: expect.any(Number) });
      expect(fixture.front.countIn(replica)).toBeGreaterThan(0);
    },
    30_000,
  );

  it('reads from the replica while the primary throttles every call', async () => {
    const { names } = await replicated(20);
    const sm = failingOver();
    fixture.front.failRegion(region, { status: 400, type: 'ThrottlingException' });

    const reads = await readAll(sm, names);

    expect(reads).toEqual(names.map((_, i) => `value-${i}`));
    expect(fixture.front.countIn(replica)).toBeGreaterThan(0);
  }, 30_000);

  it('skips the primary once it is judged down, but for one probe per interval', async () => {
    const { names } = await replicated(100);
    const sm = failingOver();
    fixture.front.failRegion(region, { status: 503, type: 'ServiceUnavailable' });
    await readAll(sm, names);
    const primaryCalls = fixture.front.countIn(region);

    const again = await readAll(sm, names);

    expect(again).toEqual(names.map((_, i) => `value-${i}`));
    expect(fixture.front.countIn(region)).toBe(primaryCalls);
  }, 30_000);

  it.each([
    ['AccessDeniedException', 'PROVIDER_ERROR'],
    ['ResourceNotFoundException', 'SECRET_NOT_FOUND'],
  ])(
    'never reads the replica when the primary answers %s',
    async (type, code) => {
      const { names } = await replicated(10);
      const sm = failingOver();
      fixture.front.failRegion(region, { status: 400, type });

      const results = await Promise.allSettled(names.map((name) => sm.get(name)));

      for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: { code } });
      expect(fixture.front.countIn(replica)).toBe(0);
      expect(fixture.front.countIn(region)).toBeGreaterThan(0);
    },
    30_000,
  );

  it('reads an ARN from the replica with its region rewritten', async () => {
    const { arns } = await replicated(2);
    const sm = failingOver();
    fixture.front.failRegion(region, 'reset');

    expect(await sm.get(arns[0] as string)).toBe('value-0');
    expect(await sm.get(arns[1] as string)).toBe('value-1');
    expect(fixture.front.countIn(replica)).toBeGreaterThan(0);
  }, 30_000);

  it('returns to the primary within one probe interval after it comes back', async () => {
    const { names } = await replicated(20);
    const probeMs = 300;
    const sm = failingOver({ failoverProbeInterval: probeMs });
    fixture.front.failRegion(region, { status: 503, type: 'ServiceUnavailable' });
    await readAll(sm, names);
    expect(sm.stats().regions?.[region]).toBeUndefined();

    fixture.front.failRegion(region, undefined);
    await new Promise((resolve) => setTimeout(resolve, probeMs));
    // The first read after one interval probes the primary; reads in flight meanwhile still fail over.
    const primaryCalls = fixture.front.countIn(region);
    await sm.get(names[0] as string);
    expect(fixture.front.countIn(region)).toBeGreaterThan(primaryCalls);
    const replicaCalls = fixture.front.countIn(replica);
    const back = await readAll(sm, names);

    expect(back).toEqual(names.map((_, i) => `value-${i}`));
    expect(sm.stats().regions?.[region]).toBeGreaterThan(0);
    expect(fixture.front.countIn(replica)).toBe(replicaCalls);
  }, 30_000);

  it('fails an update with the primary down and writes nothing to the replica', async () => {
    const { names } = await replicated(1);
    const name = names[0] as string;
    const sm = failingOver();
    fixture.front.failRegion(region, { status: 503, type: 'ServiceUnavailable' });

    await expect(sm.update(name, 'written during the outage')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });

    expect(fixture.front.countIn(replica)).toBe(0);
    const held = await replicaSm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(held.SecretString).toBe('value-0');
  }, 30_000);

  it('names the region that answered in the backend-call and failover events', async () => {
    const { names } = await replicated(3);
    const sm = failingOver();
    fixture.front.failRegion(region, { status: 503, type: 'ServiceUnavailable' });
    const calls: BackendCallEvent[] = [];
    const moves: FailoverEvent[] = [];
    const onCall = (message: unknown) => calls.push(message as BackendCallEvent);
    const onMove = (message: unknown) => moves.push(message as FailoverEvent);
    subscribe(COFFER_CHANNELS.backendCall, onCall);
    subscribe(FAILOVER_CHANNEL, onMove);
    try {
      await readAll(sm, names);
    } finally {
      unsubscribe(COFFER_CHANNELS.backendCall, onCall);
      unsubscribe(FAILOVER_CHANNEL, onMove);
    }
    expect(calls.map((call) => call.region)).toContain(replica);
    expect(moves[0]).toMatchObject({ provider: 'aws.sm', from: region, to: replica });
  }, 30_000);

  it('rejects failover settings it cannot honour before any call', () => {
    expect(() => new SecretsManager({ region, failoverRegions: [region] })).toThrow(ValidationError);
    expect(() => new SecretsManager({ region, failoverRegions: ['not a region'] })).toThrow(ValidationError);
    expect(() => new SecretsManager({ region, failoverRegions: [replica], client: replicaSm })).toThrow(ValidationError);
    // @ts-expect-error failoverRegions is an array of regions, not one
    expect(() => new SecretsManager({ region, failoverRegions: replica })).toThrow(ValidationError);
  });
});
