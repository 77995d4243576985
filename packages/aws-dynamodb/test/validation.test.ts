import { awsDynamodb, DynamoDBTable } from '@coffer/aws-dynamodb';
import { get, memoryCache, ValidationError } from '@coffer/core';
import { credentials, proxy, region } from './support';

const ok = { tableName: 'params', region, credentials };

describe('aws.dynamodb input validation', () => {
  afterEach(() => {
    delete process.env.COFFER_DYNAMODB_TABLE;
  });

  it('refuses a missing table name, at construction and through the top-level functions', async () => {
    expect(() => awsDynamodb()).toThrow(/tableName is required: pass \{ tableName \} or set COFFER_DYNAMODB_TABLE/);
    expect(() => new DynamoDBTable({ region })).toThrow(ValidationError);
    await expect(get('aws.dynamodb', 'my-parameter')).rejects.toMatchObject({ code: 'INVALID_INPUT', provider: 'aws.dynamodb' });
  });

  it('takes the table name from COFFER_DYNAMODB_TABLE', () => {
    process.env.COFFER_DYNAMODB_TABLE = 'from-env';
    expect(() => awsDynamodb({ region })).not.toThrow();
  });

  it('refuses bad table options before anything is sent', () => {
    const bad: unknown[] = [
      { tableName: 'ab' },
      { tableName: 'has space' },
      { tableName: 'arn:aws:s3:::bucket' },
      { tableName: 42 },
      { keyAttr: '' },
      { valueAttr: 'x'.repeat(256) },
      { keyAttr: 'value' },
      { sortAttr: 'id' },
      { compositeKey: 'yes' },
      { tablename: 'typo' },
      { endpoint: 'not a url' },
    ];
    for (const options of bad) {
      const made = (() => {
        try {
          return awsDynamodb({ ...ok, ...(options as object) });
        } catch (error) {
          return error;
        }
      })();
      expect([options, made]).toEqual([options, expect.any(ValidationError)]);
    }
    expect(() => awsDynamodb({ ...ok, tableName: 'arn:aws:dynamodb:eu-west-1:123456789012:table/params' })).not.toThrow();
  });

  it('names the option meant by a misspelt one', () => {
    expect(() => awsDynamodb({ ...ok, ...({ valueAtr: 'v' } as object) })).toThrow(/did you mean 'valueAttr'/);
  });

  it('rejects bad names and oversize values before any request', async () => {
    const counter = await proxy();
    const table = new DynamoDBTable({ ...ok, endpoint: counter.endpoint, cache: memoryCache() });
    const composite = new DynamoDBTable({ ...ok, compositeKey: true, endpoint: counter.endpoint, cache: memoryCache() });
    const attempts: Array<Promise<unknown>> = [
      table.get(''),
      table.get('x'.repeat(2049)),
      table.get('line\nbreak'),
      table.getByPath('x'.repeat(2049)),
      table.pathExists('tab\there'),
      table.update('big', 'x'.repeat(400 * 1024)),
      table.update('big', new Uint8Array(400 * 1024), { create: true }),
      composite.get('no-slash'),
      composite.get('/root-level'),
      composite.get('ends/with/'),
      composite.get(`p/${'s'.repeat(1025)}`),
      composite.update('no-slash', 'v', { create: true }),
      // @ts-expect-error consistentRead is a boolean: the types catch it too
      table.get('name', { consistentRead: 'yes' }),
      // @ts-expect-error aws.dynamodb has no decrypt
      table.get('name', { decrypt: false }),
      // @ts-expect-error update takes no provider option
      table.update('name', 'v', { type: 'String' }),
    ];
    const results = await Promise.allSettled(attempts);

    results.forEach((result, i) => {
      expect([i, result.status]).toEqual([i, 'rejected']);
      expect([i, (result as PromiseRejectedResult).reason]).toEqual([i, expect.any(ValidationError)]);
    });
    expect(counter.count()).toBe(0);
    expect(table.stats().apiCalls + composite.stats().apiCalls).toBe(0);
    await table.close();
    await composite.close();
    await counter.close();
  });

  it('rejects misused options when compiling', () => {
    // @ts-expect-error keyAttr is an attribute name
    expect(() => awsDynamodb({ ...ok, keyAttr: 1 })).toThrow(ValidationError);
    // @ts-expect-error not an option of aws.dynamodb
    expect(() => awsDynamodb({ ...ok, sortKey: 'sk' })).toThrow(ValidationError);
    // @ts-expect-error compositeKey is a boolean
    expect(() => new DynamoDBTable({ ...ok, compositeKey: 'true' })).toThrow(ValidationError);
  });
});
