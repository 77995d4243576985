import { providerSuite } from '@coffer/conformance';
import { vault } from '@coffer/vault';
import { address, describeVault, nameOf, rootToken, seedKv2 } from './support';

describeVault('vault (KV v2) against OpenBao', () => {
  providerSuite({
    name: 'vault',
    make: () => vault({ address: address(), token: rootToken(), kvVersion: 2 }),
    seed: (entries) => seedKv2(entries),
    nameOf,
    capabilities: { list: true, update: true, create: true, binary: false, stringList: false, batch: false },
  });
});
