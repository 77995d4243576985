import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, motoEndpoint, proxy, putItem, region, unique } from './support';

describe('aws.dynamodb getByPath', () => {
  it('pages a partition larger than one Query answer (1 MB) until there is no LastEvaluatedKey', async () => {
    const tableName = await createTable({ sortKey: true });
    const partition = unique('big-');
    const big = (i: number) => `${i}`.padEnd(350 * 1024, 'x');
    for (let i = 0; i < 5; i++) await putItem(tableName, { id: { S: partition }, sk: { S: `p${i}` }, value: { S: big(i) } });
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const listing = await table.getByPath(partition, { decode: 'raw' });

    expect(Object.keys(listing).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${partition}/p${i}`));
    expect(Object.entries(listing).every(([name, value]) => value === big(Number(name.slice(-1))))).toBe(true);
    expect(counter.count('Query')).toBeGreaterThan(1);
    expect(table.stats().apiCalls).toBe(counter.count('Query'));
    await table.close();
    await counter.close();
  });

  it('leaves out items without a sort key or a value, and treats a trailing slash as the same partition', async () => {
    const tableName = await createTable({ sortKey: true });
    const partition = `/${unique()}/app`;
    await putItem(tableName, { id: { S: partition }, sk: { S: 'kept' }, value: { S: 'v' } });
    await putItem(tableName, { id: { S: partition }, sk: { S: 'no-value' }, description: { S: 'd' } });
    await putItem(tableName, { id: { S: partition }, sk: { S: 'null-value' }, value: { NULL: true } });
    const table = new DynamoDBTable({ tableName, endpoint: motoEndpoint(), region, credentials, cache: memoryCache() });

    expect(await table.getByPath(`${partition}/`)).toEqual({ [`${partition}/kept`]: 'v' });
    await table.close();
  });
});
