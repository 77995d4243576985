import { type AwsCommand, type AwsOptions, awsProvider } from '@coffer/aws';
import type { CallContext, Provider } from '@coffer/core';

const made: FakeClient[] = [];
let sentBy: FakeClient | undefined;
class FakeClient {
  destroyed = false;
  constructor(readonly config: unknown) {
    made.push(this);
  }
  async send(): Promise<unknown> {
    sentBy = this;
    return {};
  }
  destroy(): void {
    this.destroyed = true;
  }
}
const ping = { input: {} } as unknown as AwsCommand<object>;
const context: CallContext = { countApiCall: () => undefined };
const fake = awsProvider<AwsOptions & { client?: FakeClient }, never, FakeClient>(
  { name: 'aws.fake', maxBatchSize: 1, sdkPackage: '@coffer/aws-fake' },
  {
    client: { name: 'a fake client', make: (config) => new FakeClient(config) },
    sdk: (aws) => ({
      async getMany(requests, context) {
        await aws.send(ping, context);
        return requests.map(() => undefined);
      },
    }),
  },
);
/** The SDK client an instance sends with. */
async function clientOf(provider: Provider): Promise<FakeClient> {
  await provider.getMany?.([{ path: 'x', options: {} }], context);
  return sentBy as FakeClient;
}
const credentials = { accessKeyId: 'AKIDSHARED', secretAccessKey: 'one-secret' };

describe('SDK clients shared by the instances of one process', () => {
  it('gives instances with the same region and credentials one client, destroyed when the last one closes', async () => {
    const region = `us-shared-${made.length}`;
    const a = fake({ region, credentials });
    const b = fake({ region, credentials: { ...credentials } });

    const shared = await clientOf(a);
    expect(await clientOf(b)).toBe(shared);
    expect(a.scope).toBe(b.scope);
    await a.close?.();
    expect(shared.destroyed).toBe(false);
    await b.close?.();
    expect(shared.destroyed).toBe(true);
  });

  it('keeps instances with another region, secret key or retry setting apart', async () => {
    const region = `us-apart-${made.length}`;
    const base = await clientOf(fake({ region, credentials }));

    expect(await clientOf(fake({ region: `${region}-2`, credentials }))).not.toBe(base);
    expect(await clientOf(fake({ region, credentials: { ...credentials, secretAccessKey: 'other' } }))).not.toBe(base);
    expect(await clientOf(fake({ region, credentials, maxAttempts: 7 }))).not.toBe(base);
  });

  it('makes a new client for an instance used again after every user closed', async () => {
    const region = `us-again-${made.length}`;
    const a = fake({ region, credentials });
    const first = await clientOf(a);
    await a.close?.();

    const second = await clientOf(a);

    expect(first.destroyed).toBe(true);
    expect(second).not.toBe(first);
    expect(second.destroyed).toBe(false);
    await a.close?.();
  });

  it('never shares an injected client', async () => {
    const client = new FakeClient({});
    expect(await clientOf(fake({ region: 'us-east-1', client }))).toBe(client);
    expect(await clientOf(fake({ region: 'us-east-1' }))).not.toBe(client);
  });

  it('rejects the transport options of a provider without extension reads, and unknown ones', () => {
    expect(() => fake({ transport: 'extension' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => fake({ regoin: 'us-east-1' } as never)).toThrow(/did you mean 'region'/);
  });
});
