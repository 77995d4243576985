import { DynamoDBProvider } from '@aws-lambda-powertools/parameters/dynamodb';
import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, motoEndpoint, putItem, region, unique } from './support';

// The same tables, read through Powertools' DynamoDBProvider and through coffer.
const clientConfig = () => ({ region, endpoint: motoEndpoint(), credentials });
const bytes = new Uint8Array([0, 1, 2, 250, 255]);

describe('aws.dynamodb reads a Powertools table as Powertools does', () => {
  it('gives the values of Powertools get, for a table keyed by id', async () => {
    const tableName = await createTable();
    const items = {
      text: { S: 'plain text' },
      json: { S: '{"user":"app","port":5432}' },
      map: { M: { user: { S: 'app' }, ports: { L: [{ N: '5432' }, { N: '5433' }] }, tls: { BOOL: true } } },
      list: { L: [{ S: 'a' }, { S: 'b' }] },
      binary: { B: bytes },
    };
    await Promise.all(Object.entries(items).map(([id, value]) => putItem(tableName, { id: { S: id }, value })));
    const powertools = new DynamoDBProvider({ tableName, clientConfig: clientConfig() });
    const coffer = new DynamoDBTable({ tableName, ...clientConfig(), cache: memoryCache() });

    for (const name of ['text', 'map', 'list', 'binary']) expect(await coffer.get(name)).toEqual(await powertools.get(name));
    // A JSON text: Powertools parses it when asked to, coffer's 'auto' does it by itself.
    expect(await coffer.get('json')).toEqual(await powertools.get('json', { transform: 'json' }));
    expect(await coffer.get('json', { decode: 'raw' })).toEqual(await powertools.get('json'));
    expect(await coffer.get('missing', { default: undefined })).toBe(await powertools.get('missing'));
    await coffer.close();
  });

  it('gives the values of Powertools getMultiple, for a table keyed by id and sk, named under the partition', async () => {
    const tableName = await createTable({ sortKey: true });
    const partition = unique('my-hash-key-');
    const items = { 'param-a': 'value-a', 'param-b': '{"k":[1,2]}', 'param-c': 'value-c' };
    await Promise.all(
      Object.entries(items).map(([sk, value]) => putItem(tableName, { id: { S: partition }, sk: { S: sk }, value: { S: value } })),
    );
    await putItem(tableName, { id: { S: `${partition}-other` }, sk: { S: 'param-a' }, value: { S: 'elsewhere' } });
    const powertools = new DynamoDBProvider({ tableName, clientConfig: clientConfig() });
    const coffer = new DynamoDBTable({ tableName, compositeKey: true, ...clientConfig(), cache: memoryCache() });

    const underPartition = (listing: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(listing).map(([name, value]) => [name.slice(partition.length + 1), value]));
    const ours = await coffer.getByPath(partition, { decode: 'raw' });

    expect(underPartition(ours)).toEqual(await powertools.getMultiple(partition));
    expect(underPartition(await coffer.getByPath(partition))['param-b']).toEqual(
      ((await powertools.getMultiple(partition, { transform: 'json', forceFetch: true })) as Record<string, unknown>)['param-b'],
    );
    expect(await coffer.get(`${partition}/param-b`, { keypath: ['k', 1] })).toBe(2);
    // Without compositeKey the same listing works too, as Powertools' does on this table.
    const plain = new DynamoDBTable({ tableName, ...clientConfig(), cache: memoryCache() });
    expect(await plain.getByPath(partition, { decode: 'raw' })).toEqual(ours);
    await coffer.close();
    await plain.close();
  });
});
