import { DescribeSecretCommand, PutSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { awsSm, SecretsManager } from '@coffer/aws-sm';
import { memoryCache, ValidationError } from '@coffer/core';
import { credentials, directSm, proxy, region, seedSm, uniquePrefix } from './support';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Turns rotation on for `name` (daily, no Lambda: moto accepts that) and returns the window's start. */
async function rotating(name: string): Promise<number> {
  await directSm().send(
    new RotateSecretCommand({ SecretId: name, RotationRules: { AutomaticallyAfterDays: 1 }, RotateImmediately: false }),
  );
  const described = await directSm().send(new DescribeSecretCommand({ SecretId: name }));
  const next = (described.NextRotationDate as Date).getTime();
  // A daily schedule rotates within the UTC day that NextRotationDate ends.
  return Math.floor((next - 1) / DAY) * DAY;
}

/** A rotation Lambda's first step: the new value staged AWSPENDING. */
async function stagePending(name: string, value: string): Promise<void> {
  await directSm().send(new PutSecretValueCommand({ SecretId: name, SecretString: value, VersionStages: ['AWSPENDING'] }));
}

/**
 * Its last step: the new value made AWSCURRENT. A Lambda moves the label with
 * UpdateSecretVersionStage, but moto 5.2 then keeps answering unlabelled reads with the old
 * version, so the test makes the version current with PutSecretValue, as moto does correctly.
 */
async function finishRotation(name: string, value: string): Promise<void> {
  await directSm().send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
}

/** A fake `Date.now` the client and the provider read; the SDK and moto keep real time. */
function fakeClock(start: number) {
  let now = start;
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
  return {
    advance: (ms: number) => {
      now += ms;
    },
    restore: () => spy.mockRestore(),
  };
}

describe('aws.sm rotation-aware expiry', () => {
  it('serves the rotated value within one recheck of the rotation, with a 15-minute ttl', async () => {
    const prefix = uniquePrefix();
    const [db, plain] = [`${prefix}/db`, `${prefix}/plain`];
    await seedSm([
      { name: db, value: 'old' },
      { name: plain, value: 'steady' },
    ]);
    const windowStart = await rotating(db);
    const counter = await proxy();
    const clock = fakeClock(windowStart - 5 * MINUTE);
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, rotation: true, ttl: '15m', cache: memoryCache() });
    const read = () => Promise.all([sm.get(db), sm.get(plain)]);
    try {
      expect(await read()).toEqual(['old', 'steady']);
      expect([counter.count('BatchGetSecretValue'), counter.count('ListSecrets')]).toEqual([1, 1]);

      // The window opens: the rotating secret expired with it; the other one keeps its 15 minutes.
      clock.advance(5 * MINUTE + 1000);
      expect(await read()).toEqual(['old', 'steady']);
      await stagePending(db, 'new');
      clock.advance(MINUTE + 1000);
      // Mid-rotation: AWSCURRENT, never the AWSPENDING version.
      expect(await read()).toEqual(['old', 'steady']);
      expect(counter.count('BatchGetSecretValue')).toBe(3);

      await finishRotation(db, 'new');
      clock.advance(MINUTE + 1000);
      expect(await read()).toEqual(['new', 'steady']);
      // The version changed: no more rechecks in this window, the new value keeps the ttl.
      clock.advance(5 * MINUTE);
      expect(await read()).toEqual(['new', 'steady']);

      // Four value reads of one secret and two schedule reads in 13 minutes; GetSecretValue never.
      expect(counter.count('BatchGetSecretValue')).toBe(4);
      expect(counter.count('ListSecrets')).toBe(2);
      expect(counter.count()).toBe(6);
      expect(sm.stats().apiCalls).toBe(6);
    } finally {
      clock.restore();
      await sm.close();
      await counter.close();
    }
  });

  it('stops re-reading once RotateSecret has made a new version current in the window', async () => {
    const name = `${uniquePrefix()}/db`;
    await seedSm([{ name, value: 'old' }]);
    const windowStart = await rotating(name);
    const counter = await proxy();
    const clock = fakeClock(windowStart + 1000);
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, rotation: true, ttl: '15m', cache: memoryCache() });
    try {
      await sm.get(name);
      clock.advance(MINUTE + 1000);
      await sm.get(name);
      expect([counter.count('BatchGetSecretValue'), counter.count('ListSecrets')]).toEqual([2, 1]);

      // Without a Lambda, moto's RotateSecret makes a copy of the value the new AWSCURRENT version.
      await directSm().send(new RotateSecretCommand({ SecretId: name, RotateImmediately: false }));
      clock.advance(MINUTE + 1000);
      expect(await sm.get(name)).toBe('old');
      expect([counter.count('BatchGetSecretValue'), counter.count('ListSecrets')]).toEqual([3, 2]);
      clock.advance(5 * MINUTE);
      expect(await sm.get(name)).toBe('old');
      expect(counter.count()).toBe(5);
    } finally {
      clock.restore();
      await sm.close();
      await counter.close();
    }
  });

  it('keeps the ttl of secrets without rotation, for one ListSecrets per 10 secrets an hour', async () => {
    const prefix = uniquePrefix();
    const names = Array.from({ length: 20 }, (_, i) => `${prefix}/s${i}`);
    await seedSm(names.map((name, i) => ({ name, value: `v${i}` })));
    const counter = await proxy();
    const clock = fakeClock(Date.now());
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, rotation: true, ttl: '15m', cache: memoryCache() });
    try {
      await Promise.all(names.map((name) => sm.get(name)));
      clock.advance(10 * MINUTE);
      await Promise.all(names.map((name) => sm.get(name)));
      expect([counter.count('BatchGetSecretValue'), counter.count('ListSecrets')]).toEqual([1, 2]);

      // Past the ttl the values are read again; the schedules, an hour old at most, are not.
      clock.advance(10 * MINUTE);
      await Promise.all(names.map((name) => sm.get(name)));
      expect([counter.count('BatchGetSecretValue'), counter.count('ListSecrets')]).toEqual([2, 2]);
      clock.advance(61 * MINUTE);
      await Promise.all(names.map((name) => sm.get(name)));
      expect([counter.count('BatchGetSecretValue'), counter.count('ListSecrets')]).toEqual([3, 4]);
    } finally {
      clock.restore();
      await sm.close();
      await counter.close();
    }
  });

  it('describes a secret read by ARN with one DescribeSecret, and follows its schedule', async () => {
    const name = `${uniquePrefix()}/db`;
    await seedSm([{ name, value: 'old' }]);
    const windowStart = await rotating(name);
    const { ARN } = await directSm().send(new DescribeSecretCommand({ SecretId: name }));
    const counter = await proxy();
    const clock = fakeClock(windowStart - MINUTE);
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, rotation: true, ttl: '15m', cache: memoryCache() });
    try {
      expect(await sm.get(ARN as string)).toBe('old');
      clock.advance(MINUTE + 1000);
      expect(await sm.get(ARN as string)).toBe('old');
      expect([counter.count('DescribeSecret'), counter.count('ListSecrets'), counter.count('BatchGetSecretValue')]).toEqual([1, 0, 2]);
    } finally {
      clock.restore();
      await sm.close();
      await counter.close();
    }
  });

  it('reads as before, and stops asking, when ListSecrets and DescribeSecret are denied', async () => {
    const prefix = uniquePrefix();
    const [a, b] = [`${prefix}/a`, `${prefix}/b`];
    await seedSm([
      { name: a, value: 'A' },
      { name: b, value: 'B' },
    ]);
    const counter = await proxy();
    counter.fault(({ operation }) =>
      operation === 'ListSecrets' || operation === 'DescribeSecret' ? { status: 400, type: 'AccessDeniedException' } : undefined,
    );
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials, rotation: true, maxAttempts: 1, cache: false });
    try {
      expect(await sm.get(a)).toBe('A');
      expect(await sm.get(b)).toBe('B');
      expect(await sm.get(a)).toBe('A');
      // One ListSecrets, then one DescribeSecret: both denied, never asked again.
      expect([counter.count('ListSecrets'), counter.count('DescribeSecret')]).toEqual([1, 1]);
      expect(counter.count('BatchGetSecretValue')).toBe(3);
    } finally {
      await sm.close();
      await counter.close();
    }
  });

  it('makes no schedule call by default, nor for a read of a version', async () => {
    const name = `${uniquePrefix()}/db`;
    await seedSm([{ name, value: 'x' }]);
    const counter = await proxy();
    const off = new SecretsManager({ endpoint: counter.endpoint, region, credentials, cache: false });
    const on = new SecretsManager({ endpoint: counter.endpoint, region, credentials, rotation: true, cache: false });
    try {
      expect(await off.get(name)).toBe('x');
      expect(await on.get(name, { versionStage: 'AWSPREVIOUS' }).catch((error: Error) => error.name)).toBe('SecretNotFoundError');
      expect(counter.count('ListSecrets') + counter.count('DescribeSecret')).toBe(0);
    } finally {
      await off.close();
      await on.close();
      await counter.close();
    }
  });

  it('rejects a bad rotation option before any call', () => {
    // @ts-expect-error rotation is a boolean or { recheck }
    expect(() => awsSm({ region, rotation: 'yes' })).toThrow(ValidationError);
    expect(() => awsSm({ region, rotation: { recheck: '10ms' } })).toThrow('rotation.recheck must be at least 1s');
    // @ts-expect-error recheck is a duration
    expect(() => awsSm({ region, rotation: { recheck: 'often' } })).toThrow(ValidationError);
  });
});
