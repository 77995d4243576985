import { DynamoDBProvider } from '@aws-lambda-powertools/parameters/dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, directDynamo, motoEndpoint, proxy, putItem, region } from './support';

const stored = async (tableName: string, key: Record<string, { S: string }>) =>
  (await directDynamo().send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

describe('aws.dynamodb update', () => {
  it('writes the value attribute with one UpdateItem and keeps the item’s other attributes', async () => {
    const tableName = await createTable();
    await putItem(tableName, { id: { S: 'flag' }, value: { S: 'off' }, description: { S: 'the beta flag' }, expires: { N: '1900000000' } });
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    await table.update('flag', 'on');

    expect(await stored(tableName, { id: { S: 'flag' } })).toEqual({
      id: { S: 'flag' },
      value: { S: 'on' },
      description: { S: 'the beta flag' },
      expires: { N: '1900000000' },
    });
    expect(counter.count('UpdateItem')).toBe(1);
    expect(counter.count()).toBe(1);
    await table.close();
    await counter.close();
  });

  it('refuses a missing item without create, and writes nothing', async () => {
    const tableName = await createTable();
    const table = new DynamoDBTable({ tableName, endpoint: motoEndpoint(), region, credentials, cache: memoryCache() });

    await expect(table.update('absent', 'v')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', path: 'absent' });

    expect(await stored(tableName, { id: { S: 'absent' } })).toBeUndefined();
    await table.close();
  });

  it('writes text as S, bytes as B and objects as JSON text that Powertools reads back', async () => {
    const tableName = await createTable({ sortKey: true });
    const table = new DynamoDBTable({ tableName, compositeKey: true, endpoint: motoEndpoint(), region, credentials, cache: false });
    const powertools = new DynamoDBProvider({ tableName, clientConfig: { region, endpoint: motoEndpoint(), credentials } });

    await table.update('app/text', 'hello', { create: true });
    await table.update('app/bytes', new Uint8Array([1, 2, 255]), { create: true });
    await table.update('app/config', { db: { port: 5432 }, hosts: ['a', 'b'] }, { create: true });

    expect(await stored(tableName, { id: { S: 'app' }, sk: { S: 'bytes' } })).toMatchObject({ value: { B: new Uint8Array([1, 2, 255]) } });
    expect(await stored(tableName, { id: { S: 'app' }, sk: { S: 'config' } })).toMatchObject({
      value: { S: '{"db":{"port":5432},"hosts":["a","b"]}' },
    });
    expect(await powertools.getMultiple('app', { transform: 'json', throwOnTransformError: false })).toMatchObject({
      config: { db: { port: 5432 }, hosts: ['a', 'b'] },
    });
    expect(await table.getByPath('app')).toEqual({
      'app/text': 'hello',
      'app/bytes': new Uint8Array([1, 2, 255]),
      'app/config': { db: { port: 5432 }, hosts: ['a', 'b'] },
    });
    await table.close();
  });
});
