import { type BatchGetItemCommandOutput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBTable } from '@coffer/aws-dynamodb';
import { memoryCache } from '@coffer/core';
import { createTable, credentials, motoEndpoint, proxy, putItem, region } from './support';

/**
 * A real client to moto whose first `rounds` BatchGetItem answers hold back every other item as
 * unprocessed, as DynamoDB does past its throughput or its 16 MB answer: the one fault here the
 * emulator cannot produce.
 */
function withheldClient(rounds: number): DynamoDBClient {
  const client = new DynamoDBClient({ region, endpoint: motoEndpoint(), credentials });
  let withheld = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      if (!(args.input && 'RequestItems' in (args.input as object)) || withheld >= rounds) return result;
      withheld++;
      const output = result.output as BatchGetItemCommandOutput;
      for (const [table, items] of Object.entries(output.Responses ?? {})) {
        const held = items.filter((_, i) => i % 2 === 0);
        output.Responses = { [table]: items.filter((_, i) => i % 2 === 1) };
        output.UnprocessedKeys = { [table]: { Keys: held.map(({ id }) => ({ id: id as { S: string } })) } };
      }
      return result;
    },
    { step: 'initialize', name: 'withholdItems' },
  );
  return client;
}

async function seedNames(tableName: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `param-${i}`);
  await Promise.all(names.map((name, i) => putItem(tableName, { id: { S: name }, value: { S: `value-${i}` } })));
  return names;
}

describe('aws.dynamodb reads', () => {
  it('reads 100 names through getMany with one BatchGetItem', async () => {
    const tableName = await createTable();
    const names = await seedNames(tableName, 100);
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const values = await table.getMany(names);

    expect(Object.keys(values)).toHaveLength(100);
    expect(names.every((name, i) => values[name] === `value-${i}`)).toBe(true);
    expect(counter.count('BatchGetItem')).toBe(1);
    expect(counter.count()).toBe(1);
    expect(table.stats().apiCalls).toBe(1);
    await table.close();
    await counter.close();
  });

  it('serves 1,000 concurrent cold reads of 250 names with 3 BatchGetItem requests', async () => {
    const tableName = await createTable();
    const names = await seedNames(tableName, 250);
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => table.get(names[i % 250] as string)));

    expect(values.every((value, i) => value === `value-${i % 250}`)).toBe(true);
    expect(counter.count('BatchGetItem')).toBe(3);
    expect(counter.count()).toBe(3);
    await table.close();
    await counter.close();
  });

  it('reads one name with GetItem, and tells a missing item from a present one in a batch', async () => {
    const tableName = await createTable();
    const [name] = await seedNames(tableName, 1);
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    expect(await table.get(name as string)).toBe('value-0');
    const { values, errors } = await table.getMany([name as string, 'nowhere'], { throwOnError: false, forceFetch: true });

    expect(values).toEqual({ [name as string]: 'value-0' });
    expect(errors.nowhere).toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect(counter.count('GetItem')).toBe(1);
    expect(counter.count('BatchGetItem')).toBe(1);
    await table.close();
    await counter.close();
  });

  it('asks again for the keys DynamoDB left unprocessed', async () => {
    const tableName = await createTable();
    const names = await seedNames(tableName, 20);
    const client = withheldClient(1);
    const table = new DynamoDBTable({ tableName, client, cache: memoryCache() });

    const values = await table.getMany(names);

    expect(names.every((name, i) => values[name] === `value-${i}`)).toBe(true);
    expect(table.stats().apiCalls).toBe(2);
    await table.close();
    client.destroy();
  });

  it('fails only the keys still unprocessed after maxAttempts requests, each with a transient error', async () => {
    const tableName = await createTable();
    const names = await seedNames(tableName, 4);
    const client = withheldClient(10);
    const table = new DynamoDBTable({ tableName, client, maxAttempts: 2, cache: memoryCache() });

    const { values, errors } = await table.getMany(names, { throwOnError: false });

    // Each round hands back every other item it was asked for: 2 of 4, then 1 of 2.
    expect(Object.keys(values)).toHaveLength(3);
    expect(Object.values(errors)).toEqual([expect.objectContaining({ code: 'PROVIDER_ERROR', transient: true })]);
    expect(table.stats().apiCalls).toBe(2);
    await table.close();
    client.destroy();
  });

  it('reads strongly consistent items apart from eventually consistent ones', async () => {
    const tableName = await createTable();
    const [name] = await seedNames(tableName, 1);
    const counter = await proxy();
    const table = new DynamoDBTable({ tableName, endpoint: counter.endpoint, region, credentials, cache: memoryCache() });

    const [plain, consistent] = await Promise.all([table.get(name as string), table.get(name as string, { consistentRead: true })]);

    expect([plain, consistent]).toEqual(['value-0', 'value-0']);
    expect(counter.count('GetItem')).toBe(2);
    await table.close();
    await counter.close();
  });
});
