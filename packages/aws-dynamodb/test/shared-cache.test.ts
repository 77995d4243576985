import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, motoEndpoint, putItem, region } from './support';

describe('aws.dynamodb behind one shared cache', () => {
  it('never answers a read of one table with the cached value of another', async () => {
    const [first, second] = await Promise.all([createTable(), createTable()]);
    await putItem(first, { id: { S: 'flag' }, value: { S: 'first' }, other: { S: 'first-other' } });
    await putItem(second, { id: { S: 'flag' }, value: { S: 'second' } });
    const cache = memoryCache();
    const aws = { endpoint: motoEndpoint(), region, credentials, cache };
    const tables = [
      new DynamoDBTable({ tableName: first, ...aws }),
      new DynamoDBTable({ tableName: second, ...aws }),
      new DynamoDBTable({ tableName: first, valueAttr: 'other', ...aws }),
    ];

    const values = [];
    for (const table of tables) values.push(await table.get('flag'));

    expect(values).toEqual(['first', 'second', 'first-other']);
    expect(tables.map((table) => table.stats().apiCalls)).toEqual([1, 1, 1]);
    for (const table of tables) await table.close();
  });
});
