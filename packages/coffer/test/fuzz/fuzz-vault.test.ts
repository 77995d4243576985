import { Vault } from 'coffer';
import { type AwsProxy, awsProxy } from '../../../../scripts/harness/aws-proxy';
import { driveClient, type FuzzedClient } from '../../../../scripts/test-support/fuzz/drive-client';
import { fingerprintPrototypes } from '../../../../scripts/test-support/fuzz/prototypes';
import { fuzzSeed, random } from '../../../../scripts/test-support/fuzz/random';
import { Tally } from '../../../../scripts/test-support/fuzz/tally';
import { address, describeVault, newMount, rootToken } from '../../../vault/test/support';

// The vault provider against OpenBao, behind the counting proxy (it forwards any HTTP request):
// invalid input sends nothing, every accepted write reads back from the server.
jest.setTimeout(90_000);
const seed = fuzzSeed();
const baseline = fingerprintPrototypes();

describeVault('vault fuzz', () => {
  let proxy: AwsProxy;
  const clients: Vault[] = [];
  beforeAll(async () => {
    proxy = await awsProxy(address());
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await proxy.close();
  });

  it('vault refuses invalid input before any request and reads back every accepted write', async () => {
    const r = random(seed, 30);
    const tally = new Tally();
    const mount = await newMount(2);
    const make = (cache?: false) => {
      const client = new Vault({ address: proxy.endpoint, token: rootToken(), mount, ...(cache === false ? { cache } : {}) });
      clients.push(client);
      return client as unknown as FuzzedClient;
    };
    const client = make();
    const existing = ['app/text', 'app/json', 'app/deep/a'];
    await client.update(existing[0]!, 'plain' as never, { create: true });
    await client.update(existing[1]!, { k: 'v', arr: [1] } as never, { create: true });
    await client.update(existing[2]!, 'deep' as never, { create: true });
    await driveClient(
      r,
      tally,
      {
        entry: 'vault',
        client,
        existing,
        writablePath: (i) => `w/p${i}`,
        freshWrites: true,
        providerOptions: { get: { version: () => 1, unwrap: () => r.chance(0.5) }, list: { unwrap: () => true }, update: {} },
        requests: () => proxy.count(),
        reader: () => make(false),
        count: 1000,
      },
      baseline,
    );
    console.log(tally.report('fuzz: vault behind the counting proxy', seed));
    expect(tally.findings).toEqual([]);
  });
});
