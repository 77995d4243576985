import { awsProviderBase } from '@coffer/aws';

const made: FakeClient[] = [];
class FakeClient {
  destroyed = false;
  constructor(readonly config: unknown) {
    made.push(this);
  }
  async send(): Promise<unknown> {
    return {};
  }
  destroy(): void {
    this.destroyed = true;
  }
}
const spec = { provider: 'aws.ps', clientName: 'a fake client', make: (config: unknown) => new FakeClient(config) };
const credentials = { accessKeyId: 'AKIDSHARED', secretAccessKey: 'one-secret' };

describe('SDK clients shared by the instances of one process', () => {
  it('gives instances with the same region and credentials one client, destroyed when the last one closes', async () => {
    const region = `us-shared-${made.length}`;
    const a = awsProviderBase({ region, credentials }, spec);
    const b = awsProviderBase({ region, credentials: { ...credentials } }, spec);

    expect(a.client()).toBe(b.client());
    expect(a.session).toBe(b.session);
    await a.close();
    expect(b.client().destroyed).toBe(false);
    await b.close();
    expect(made.at(-1)?.destroyed).toBe(true);
  });

  it('keeps instances with another region, secret key or retry setting apart', () => {
    const region = `us-apart-${made.length}`;
    const base = awsProviderBase({ region, credentials }, spec).client();

    expect(awsProviderBase({ region: `${region}-2`, credentials }, spec).client()).not.toBe(base);
    expect(awsProviderBase({ region, credentials: { ...credentials, secretAccessKey: 'other' } }, spec).client()).not.toBe(base);
    expect(awsProviderBase({ region, credentials, maxAttempts: 7 }, spec).client()).not.toBe(base);
  });

  it('makes a new client for an instance used again after every user closed', async () => {
    const region = `us-again-${made.length}`;
    const a = awsProviderBase({ region, credentials }, spec);
    const first = a.client();
    await a.close();

    const second = a.client();

    expect(first.destroyed).toBe(true);
    expect(second).not.toBe(first);
    expect(second.destroyed).toBe(false);
    await a.close();
  });

  it('never shares an injected client', () => {
    const client = new FakeClient({});
    expect(awsProviderBase({ region: 'us-east-1', client }, spec).client()).toBe(client);
    expect(awsProviderBase({ region: 'us-east-1' }, spec).client()).not.toBe(client);
  });
});
