import { failoverSettings, inRegion, RegionHealth } from '@coffer/aws';
import { ValidationError } from '@coffer/core';

describe('failoverSettings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('puts the primary region first and defaults the probe interval to one second', () => {
    expect(failoverSettings({ region: 'us-east-1', failoverRegions: ['us-west-2', 'eu-west-1'] }, 'aws.sm')).toEqual({
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      probeMs: 1000,
    });
    expect(failoverSettings({ region: 'us-east-1', failoverRegions: ['us-west-2'], failoverProbeInterval: '5s' }, 'aws.sm')?.probeMs).toBe(
      5000,
    );
  });

  it('reads COFFER_AWS_FAILOVER_REGIONS and AWS_REGION when the options say nothing', () => {
    process.env.COFFER_AWS_FAILOVER_REGIONS = ' us-west-2 , eu-west-1,';
    process.env.AWS_REGION = 'us-east-1';
    expect(failoverSettings({}, 'aws.ps')?.regions).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    expect(failoverSettings({ failoverRegions: [] }, 'aws.ps')).toBeUndefined();
  });

  it('leaves an instance with its own client alone when only the variable names regions', () => {
    process.env.COFFER_AWS_FAILOVER_REGIONS = 'us-west-2';
    expect(failoverSettings({ region: 'us-east-1', client: {} }, 'aws.ps')).toBeUndefined();
  });

  it('has no failover without regions', () => {
    delete process.env.COFFER_AWS_FAILOVER_REGIONS;
    expect(failoverSettings({ region: 'us-east-1' }, 'aws.ps')).toBeUndefined();
  });

  it.each([
    [{ region: 'us-east-1', failoverRegions: ['us-east-1'] }, /must not repeat/],
    [{ region: 'us-east-1', failoverRegions: ['us-west-2', 'us-west-2'] }, /must not repeat/],
    [{ region: 'us-east-1', failoverRegions: ['US West'] }, /region names/],
    [{ region: 'us-east-1', failoverRegions: 'us-west-2' }, /array/],
    [{ region: 'us-east-1', failoverRegions: ['us-west-2', 3] }, /region names/],
    [{ region: 'us-east-1', failoverRegions: ['us-west-2'], client: {} }, /leave out client/],
    [{ region: 'us-east-1', failoverRegions: ['us-west-2'], failoverProbeInterval: 'soon' }, /failoverProbeInterval/],
  ])('refuses %p before any call', (options, message) => {
    expect(() => failoverSettings(options as never, 'aws.sm')).toThrow(ValidationError);
    expect(() => failoverSettings(options as never, 'aws.sm')).toThrow(message);
  });

  it('needs a primary region to fail over from', () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    expect(() => failoverSettings({ failoverRegions: ['us-west-2'] }, 'aws.sm')).toThrow(/primary region/);
  });
});

describe('inRegion', () => {
  it('rewrites the region of an ARN and leaves a name as it is', () => {
    expect(inRegion('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', 'us-west-2')).toBe(
      'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf',
    );
    expect(inRegion('arn:aws:ssm:us-east-1:123456789012:parameter/prod/db', 'eu-west-1')).toBe(
      'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db',
    );
    expect(inRegion('prod/db', 'us-west-2')).toBe('prod/db');
    expect(inRegion('/prod/arn:aws:x', 'us-west-2')).toBe('/prod/arn:aws:x');
  });
});

describe('RegionHealth', () => {
  it('judges a region down after half of at least two calls failed, and probes it once per interval', () => {
    const health = new RegionHealth(1000);
    health.failed(0);
    expect(health.down).toBe(false);
    health.failed(0);
    expect(health.down).toBe(true);
    expect(health.probeAt).toBe(1000);
    expect(health.admit(500)).toBe(false);
    expect(health.admit(1000)).toBe(true);
    expect(health.probeAt).toBe(2000);
    expect(health.admit(1001)).toBe(false);
    health.succeeded();
    expect(health.down).toBe(false);
    expect(health.probeAt).toBeUndefined();
    expect(health.admit(1002)).toBe(true);
  });

  it('stays up while most calls answer', () => {
    const health = new RegionHealth(1000);
    for (let i = 0; i < 20; i++) {
      health.succeeded();
      health.succeeded();
      if (i % 3 === 0) health.failed(i);
    }
    expect(health.down).toBe(false);
  });
});
