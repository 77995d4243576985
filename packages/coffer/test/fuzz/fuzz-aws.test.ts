import { randomBytes } from 'node:crypto';
import { ParameterStore, SecretsManager } from 'coffer';
import { type AwsProxy, awsProxy } from '../../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../../scripts/harness/moto';
import { driveClient, type FuzzedClient } from '../../../../scripts/test-support/fuzz/drive-client';
import { hostileOptions } from '../../../../scripts/test-support/fuzz/hostile';
import { fingerprintPrototypes, prototypeChanges } from '../../../../scripts/test-support/fuzz/prototypes';
import { fuzzSeed, random } from '../../../../scripts/test-support/fuzz/random';
import { Tally } from '../../../../scripts/test-support/fuzz/tally';

// aws.ps and aws.sm against moto behind the counting proxy: invalid input must be refused before
// any request, and every accepted write must read back from the emulator as it was written.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
jest.setTimeout(90_000);
const seed = fuzzSeed();
const baseline = fingerprintPrototypes();
const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDCOFFERFUZZ', secretAccessKey: 'not-a-real-secret' };
const run = randomBytes(4).toString('hex');
let proxy: AwsProxy;
const closing: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  proxy = await awsProxy(motoEndpoint());
});
afterAll(async () => {
  await Promise.all(closing.map((client) => client.close().catch(() => undefined)));
  await proxy.close();
});

function aws<T extends { close(): Promise<void> }>(make: new (options: object) => T, options: object = {}): T {
  const client = new make({ endpoint: proxy.endpoint, region, credentials, ...options });
  closing.push(client);
  return client;
}

it('aws.ps refuses invalid input before any request and reads back every accepted write', async () => {
  const r = random(seed, 3);
  const tally = new Tally();
  const ps = aws(ParameterStore);
  const existing = [`/fz${run}/a`, `/fz${run}/json`, `/fz${run}/list`, `/fz${run}/deep/b`];
  await ps.update(existing[0]!, 'plain', { create: true, type: 'String' });
  await ps.update(existing[1]!, { k: 'v', arr: [1] }, { create: true });
  await ps.update(existing[2]!, ['x', 'y'], { create: true });
  await ps.update(existing[3]!, 'deep', { create: true });
  await driveClient(
    r,
    tally,
    {
      entry: 'aws.ps',
      client: ps as unknown as FuzzedClient,
      existing,
      writablePath: (i) => `/fz${run}/w/p${i}`,
      freshWrites: true,
      providerOptions: {
        get: { decrypt: () => r.chance(0.5), version: () => 1, label: () => 'fuzz' },
        list: { decrypt: () => true },
        update: { type: () => r.pick(['String', 'SecureString']), description: () => 'fuzz', tier: () => 'Standard' },
      },
      // A value of 4 to 8 KB fits an Advanced parameter only: update looks the tier up first
      // (DescribeParameters, which sends no value) before it can say the value is too large.
      requests: () => proxy.count() - proxy.count('DescribeParameters'),
      reader: () => aws(ParameterStore, { cache: false }) as unknown as FuzzedClient,
      count: 1500,
    },
    baseline,
  );
  console.log(tally.report('fuzz: aws.ps behind the counting proxy', seed));
  expect(tally.findings).toEqual([]);
});

it('aws.sm refuses invalid input before any request and reads back every accepted write', async () => {
  const r = random(seed, 4);
  const tally = new Tally();
  const sm = aws(SecretsManager);
  const existing = [`fz${run}/a`, `fz${run}/json`, `fz${run}/bytes`];
  await sm.update(existing[0]!, 'plain', { create: true });
  await sm.update(existing[1]!, { k: 'v', arr: [1] }, { create: true });
  await sm.update(existing[2]!, new Uint8Array([1, 2, 3]), { create: true });
  await driveClient(
    r,
    tally,
    {
      entry: 'aws.sm',
      client: sm as unknown as FuzzedClient,
      existing,
      writablePath: (i) => `fz${run}/w/p${i}`,
      dependsOnBackend: (path) => typeof path === 'string' && path.startsWith('arn:'),
      freshWrites: true,
      providerOptions: {
        get: { versionStage: () => 'AWSCURRENT' },
        update: { description: () => 'fuzz' },
      },
      requests: () => proxy.count(),
      reader: () => aws(SecretsManager, { cache: false }) as unknown as FuzzedClient,
      count: 1500,
    },
    baseline,
  );
  console.log(tally.report('fuzz: aws.sm behind the counting proxy', seed));
  expect(tally.findings).toEqual([]);
});

it('the AWS constructors refuse hostile options with a CofferError and send nothing', async () => {
  const r = random(seed, 5);
  const tally = new Tally();
  const makers = {
    region: () => 'us-east-1',
    endpoint: () => proxy.endpoint,
    maxAttempts: () => r.int(1, 3),
    timeoutMs: () => r.pick([100, 5000]),
    assumeRole: () => ({ roleArn: 'arn:aws:iam::123456789012:role/fuzz' }),
    credentials: () => credentials,
    ttl: () => '1m',
    staleIfError: () => r.pick([false, '1h']),
    refreshAhead: () => r.pick([true, false, 0.5]),
    cache: () => false,
  };
  const before = proxy.count();
  for (let i = 0; i < 600; i++) {
    const make = r.pick([ParameterStore, SecretsManager] as const);
    const options = hostileOptions(r, makers);
    const outcome = await tally.call(
      `new ${make.name}`,
      options.label,
      () => new (make as unknown as new (options: unknown) => object)(options.value),
      true,
    );
    if (outcome.ending === 'resolved') closing.push(outcome.value as { close(): Promise<void> });
  }
  console.log(tally.report('fuzz: AWS constructors', seed));
  expect(tally.findings).toEqual([]);
  expect(proxy.count() - before).toBe(0);
  expect(prototypeChanges(baseline, fingerprintPrototypes())).toEqual([]);
});
