import { awsPs } from '@coffer/aws-ps';
import { providerSuite } from '@coffer/conformance';
import { credentials, motoEndpoint, region, seedSsm } from './support';

describe('aws.ps against moto', () => {
  providerSuite({
    name: 'aws.ps',
    make: () => awsPs({ endpoint: motoEndpoint(), region, credentials }),
    seed: (entries) => seedSsm(entries),
    capabilities: { list: true, update: true, stringList: true, batch: true, binary: false },
  });
});
