import { providerSuite } from '@coffer/conformance';
import { describeGcp, nameOf, provider, seed } from './support';

describeGcp('gcp.sm against drongo', () => {
  providerSuite({
    name: 'gcp.sm',
    make: () => provider(),
    seed: (entries) => seed(entries),
    nameOf,
    capabilities: { list: true, update: true, create: true, binary: true, stringList: false, batch: false, hierarchical: false },
  });
});
