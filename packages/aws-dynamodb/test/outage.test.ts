import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, proxy, putItem, region } from './support';

describe('aws.dynamodb when DynamoDB throttles', () => {
  it('retries throttled reads within maxAttempts, then serves the values it holds as stale', async () => {
    const tableName = await createTable();
    const names = ['a', 'b', 'c'];
    await Promise.all(names.map((name) => putItem(tableName, { id: { S: name }, value: { S: `v-${name}` } })));
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, maxAttempts: 2, cache: memoryCache() });
    expect(await table.getMany(names)).toEqual({ a: 'v-a', b: 'v-b', c: 'v-c' });
    await table.refresh();
    counter.fault(() => ({ status: 400, type: 'ProvisionedThroughputExceededException' }));

    const stale = await table.getMany(names);
    const fresh = await table.get('never-read').catch((error: unknown) => error);

    expect(stale).toEqual({ a: 'v-a', b: 'v-b', c: 'v-c' });
    expect(table.stats().stale).toBe(3);
    expect(fresh).toMatchObject({ code: 'PROVIDER_ERROR', transient: true, path: 'never-read' });
    // The first read, then one BatchGetItem for the three refreshes, attempted twice.
    expect(counter.count('BatchGetItem')).toBe(1 + 2);
    await table.close();
    await counter.close();
  });

  it('never hides access denied behind a stale value', async () => {
    const tableName = await createTable();
    await putItem(tableName, { id: { S: 'a' }, value: { S: 'v' } });
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });
    expect(await table.get('a')).toBe('v');
    await table.refresh();
    counter.fault(() => ({ status: 400, type: 'AccessDeniedException' }));

    await expect(table.get('a')).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      transient: false,
      failure: 'permission',
      message: expect.stringContaining('dynamodb:GetItem and dynamodb:BatchGetItem (reads)'),
    });
    expect(table.stats().stale).toBe(0);
    await table.close();
    await counter.close();
  });
});
