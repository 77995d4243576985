import { awsDynamodb } from '@coffer/aws-dynamodb';
import { providerSuite } from '@coffer/conformance';
import { createTable, credentials, motoEndpoint, region, seeder } from './support';

// Powertools' layout for `get`: a table keyed by `id` alone, a name is its key.
describe('aws.dynamodb against moto, a table keyed by id', () => {
  let tableName = '';
  beforeAll(async () => {
    tableName = await createTable();
  });

  providerSuite({
    name: 'aws.dynamodb (id)',
    make: () => awsDynamodb({ tableName, endpoint: motoEndpoint(), region, credentials }),
    seed: (entries) => seeder(tableName, false)(entries),
    capabilities: { list: false, update: true, batch: true, binary: true },
  });
});

// A table keyed by `id` and `sk`: `/p/app/x` is partition `/p/app`, sort key `x`, and a listing
// is one partition, so deeper fixtures are named into it (`/p/app/sub.y`).
describe('aws.dynamodb against moto, a table keyed by id and sk', () => {
  let tableName = '';
  beforeAll(async () => {
    tableName = await createTable({ sortKey: true });
  });

  providerSuite({
    name: 'aws.dynamodb (id, sk)',
    make: () => awsDynamodb({ tableName, compositeKey: true, endpoint: motoEndpoint(), region, credentials }),
    seed: (entries) => seeder(tableName, true)(entries),
    nameOf: (prefix, first, ...rest) => (rest.length ? `/${prefix}/${first}/${rest.join('.')}` : `/${prefix}/${first}`),
    capabilities: { list: true, hierarchical: false, update: true, batch: true, binary: true },
  });
});
