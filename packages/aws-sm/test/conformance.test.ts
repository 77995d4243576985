import { awsSm } from '@coffer/aws-sm';
import { providerSuite } from '@coffer/conformance';
import { credentials, motoEndpoint, region, seedSm } from './support';

describe('aws.sm against moto', () => {
  providerSuite({
    name: 'aws.sm',
    make: () => awsSm({ endpoint: motoEndpoint(), region, credentials }),
    seed: (entries) => seedSm(entries),
    capabilities: { list: true, hierarchical: true, update: true, binary: true, batch: true },
  });
});
