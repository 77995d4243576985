import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, directDynamo, motoEndpoint, putItem, region, unique } from './support';

const aws = () => ({ region, endpoint: motoEndpoint(), credentials, cache: memoryCache() });

describe('aws.dynamodb errors of the table', () => {
  it('never passes a missing table for a missing secret, not even with a default', async () => {
    const table = new DynamoDBTable({ tableName: unique('no-such-table-'), ...aws() });

    const error = await table.get('my-parameter', { default: 'fallback' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false, path: 'my-parameter' });
    expect((error as Error).message).toMatch(/DynamoDB has no table 'no-such-table-\w+'/);
    await expect(table.getByPath('p')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: false });
    await expect(table.pathExists('p')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await expect(table.update('p', 'v', { create: true })).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await table.close();
  });

  it('says which key options to check when the table is keyed otherwise', async () => {
    const other = unique('coffer-pk-');
    await directDynamo().send(
      new CreateTableCommand({
        TableName: other,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const composite = await createTable({ sortKey: true });
    const wrongKey = new DynamoDBTable({ tableName: other, ...aws() });
    const missingSortKey = new DynamoDBTable({ tableName: composite, ...aws() });

    await expect(wrongKey.get('x')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining("the string partition key 'id' alone"),
    });
    await expect(missingSortKey.get('x')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('compositeKey'),
    });
    await wrongKey.close();
    await missingSortKey.close();
  });

  it('reads a table keyed by other attribute names', async () => {
    const tableName = await createTable({ keyAttr: 'name', sortKey: true, sortAttr: 'key' });
    await putItem(tableName, { name: { S: 'app' }, key: { S: 'host' }, val: { S: 'db.internal' } });
    const table = new DynamoDBTable({ tableName, keyAttr: 'name', sortAttr: 'key', valueAttr: 'val', compositeKey: true, ...aws() });

    expect(await table.get('app/host')).toBe('db.internal');
    expect(await table.getByPath('app')).toEqual({ 'app/host': 'db.internal' });
    await table.update('app/port', '5432', { create: true });
    expect(await table.getMany(['app/host', 'app/port'])).toEqual({ 'app/host': 'db.internal', 'app/port': '5432' });
    await table.close();
  });
});
