import { configure, get, getByPath, getMany, instance, pathExists, update } from '@coffer/core';
import { createTable, credentials, motoEndpoint, putItem, region } from './support';
import '@coffer/aws-dynamodb';

describe('aws.dynamodb through the top-level functions', () => {
  afterEach(() => {
    delete process.env.COFFER_DYNAMODB_TABLE;
  });

  it('registers aws.dynamodb on import and honours configure()', async () => {
    const tableName = await createTable({ sortKey: true });
    await putItem(tableName, { id: { S: '/prod/app' }, sk: { S: 'db' }, value: { S: '{"port":5432}' } });
    configure('aws.dynamodb', { tableName, compositeKey: true, endpoint: motoEndpoint(), region, credentials, ttl: '1h' });

    expect(await get('aws.dynamodb', '/prod/app/db', { keypath: ['port'] })).toBe(5432);
    await update('aws.dynamodb', '/prod/app/flag', 'on', { create: true });
    expect(await getByPath('aws.dynamodb', '/prod/app/')).toEqual({ '/prod/app/db': { port: 5432 }, '/prod/app/flag': 'on' });
    expect(await getMany('aws.dynamodb', ['/prod/app/db', '/prod/app/flag'])).toEqual({
      '/prod/app/db': { port: 5432 },
      '/prod/app/flag': 'on',
    });
    expect(await pathExists('aws.dynamodb', '/prod/app')).toBe(true);
    expect(await pathExists('aws.dynamodb', '/prod/ap')).toBe(false);
    expect(instance('aws.dynamodb').stats().apiCalls).toBeGreaterThan(0);
  });

  it('reads the table named by COFFER_DYNAMODB_TABLE with the shared instance', async () => {
    const tableName = await createTable();
    await putItem(tableName, { id: { S: 'my-parameter' }, value: { S: 'from the environment' } });
    process.env.COFFER_DYNAMODB_TABLE = tableName;
    configure('aws.dynamodb', { endpoint: motoEndpoint(), region, credentials });

    expect(await get('aws.dynamodb', 'my-parameter')).toBe('from the environment');
  });
});
