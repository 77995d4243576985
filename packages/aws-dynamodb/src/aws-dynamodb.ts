import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { AWS_DEFAULTS, type AwsCalls, awsProvider, type SdkOperations, untilProcessed } from '@coffer/aws';
import type { AwsProviderIdentity } from '@coffer/aws/extension';
import { ProviderError, type ProviderFactory, type RawSecret, SecretNotFoundError, ValidationError } from '@coffer/core';
import { attributeOfValue, rawOfAttribute } from './item-value.js';
import { type AwsDynamodbOptions, TABLE_OPTION_NAMES, tableSettings } from './options.js';
import { type Item, PROVIDER, type Table, table as tableOf } from './table.js';
import type { AwsDynamodbTypes } from './types.js';

/** What aws.dynamodb is, whatever its table. */
const DYNAMODB: AwsProviderIdentity = {
  name: PROVIDER,
  sdkPackage: '@coffer/aws-dynamodb',
  permissions: 'dynamodb:GetItem and dynamodb:BatchGetItem (reads), dynamodb:Query (listings), dynamodb:UpdateItem (updates)',
  maxBatchSize: 100,
  options: { get: { consistentRead: 'boolean' }, list: { consistentRead: 'boolean' }, exists: {}, update: {} },
};

const QUERY_PAGES = { tokens: { input: 'ExclusiveStartKey', output: 'LastEvaluatedKey' } } as const;
const LEFT = 'DynamoDB left the item unprocessed in every attempt (throughput or answer size)';

/** The operations on one table; the skeleton maps what they throw. */
function operations(aws: AwsCalls, options: AwsDynamodbOptions): SdkOperations {
  const table: Table = tableOf(tableSettings(options));
  const { tableName, keyAttr, sortAttr, valueAttr, projection } = table;
  const rounds = options.maxAttempts ?? AWS_DEFAULTS.maxAttempts;
  const valueIn = (item: Item | undefined) => rawOfAttribute(item?.[valueAttr]);
  // A Query of one partition; `limit` to know only whether it has items.
  const partition = (path: string, consistent: boolean, limit?: number) => ({
    TableName: tableName,
    KeyConditionExpression: '#k = :p',
    ExpressionAttributeValues: { ':p': { S: path } },
    ExpressionAttributeNames: { '#k': keyAttr, '#s': sortAttr, '#v': valueAttr },
    ProjectionExpression: '#k, #s, #v',
    ConsistentRead: consistent,
    ...(limit ? { Limit: limit } : {}),
  });

  // One name is a GetItem; more a BatchGetItem, whose answers come in any order and whose
  // unprocessed keys are asked again; what is still left is a transient error of its own.
  const getMany: SdkOperations['getMany'] = async (requests, context) => {
    const ConsistentRead = requests[0]?.options.consistentRead === true;
    if (requests.length === 1) {
      const Key = table.keyOf(requests[0]?.path as string);
      const answer = await aws.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead, ...projection }), context);
      return [valueIn(answer.Item)];
    }
    const found = new Map<string, Item>();
    const left = await untilProcessed(
      rounds,
      [...new Map(requests.map(({ path }) => [path, table.keyOf(path)])).values()],
      async (Keys) => {
        const RequestItems = { [tableName]: { Keys, ConsistentRead, ...projection } };
        const answer = await aws.send(new BatchGetItemCommand({ RequestItems }), context);
        for (const item of Object.values(answer.Responses ?? {}).flat()) found.set(table.idOf(item), item);
        return Object.values(answer.UnprocessedKeys ?? {}).flatMap((unprocessed) => unprocessed.Keys ?? []);
      },
    );
    const unprocessed = new Set(left.map(table.idOf));
    return requests.map(({ path }) => {
      const id = table.idOf(table.keyOf(path));
      return unprocessed.has(id) ? new ProviderError(LEFT, { provider: PROVIDER, path }) : valueIn(found.get(id));
    });
  };

  return {
    scope: JSON.stringify([tableName, keyAttr, sortAttr, valueAttr, table.compositeKey]),
    normalize: table.normalize,
    // DynamoDB's only "not found" is the table's own: never a missing secret, which a `default`
    // would hide. Its "invalid" is almost always a key that does not match the table's.
    errors: {
      'not-found': ({ path, cause }) =>
        new ProviderError(`DynamoDB has no table '${tableName}' in this region and account`, {
          provider: PROVIDER,
          path,
          cause,
          transient: false,
        }),
      invalid: ({ path, cause }) => {
        const key = table.compositeKey ? `'${keyAttr}' and sort key '${sortAttr}'` : `'${keyAttr}' alone`;
        const message = `DynamoDB refused the request: is the table's key the string partition key ${key}? (keyAttr, sortAttr, compositeKey)`;
        return new ValidationError(message, { provider: PROVIDER, path, cause });
      },
    },
    getMany,
    async list({ path, options: { consistentRead } }, context) {
      const out: Record<string, RawSecret> = {};
      for await (const page of aws.paginate(QueryCommand, partition(path, consistentRead === true), context, QUERY_PAGES)) {
        for (const item of page.Items ?? []) {
          const [sort, raw] = [table.sortKeyOf(item), valueIn(item)];
          if (sort !== undefined && raw !== undefined) out[`${path}/${sort}`] = raw;
        }
      }
      return out;
    },
    // In a composite table a path may name an item, or a partition with items in it.
    async exists({ path }, context) {
      const [found] = table.isItemName(path) ? await getMany([{ path, options: {} }], context) : [];
      if (found instanceof Error) throw found;
      if (found !== undefined) return true;
      const { Items: items } = await aws.send(new QueryCommand(partition(path, false, 1)), context);
      return (items?.length ?? 0) > 0;
    },
    // UpdateItem, not PutItem: the item's other attributes (a description, a TTL) are kept.
    async update({ path, value, create }, context) {
      const Key = table.keyOf(path);
      const attribute = attributeOfValue(value, path, Buffer.byteLength(JSON.stringify(Key)) + Buffer.byteLength(valueAttr));
      const names: Record<string, string> = create ? { '#v': valueAttr } : { '#v': valueAttr, '#k': keyAttr };
      const input = { TableName: tableName, Key, UpdateExpression: 'SET #v = :v', ExpressionAttributeValues: { ':v': attribute } };
      const condition = create ? {} : { ConditionExpression: 'attribute_exists(#k)' };
      await aws.send(new UpdateItemCommand({ ...input, ExpressionAttributeNames: names, ...condition }), context).catch((error) => {
        throw error instanceof ConditionalCheckFailedException
          ? new SecretNotFoundError('Secret not found', { provider: PROVIDER, path })
          : error;
      });
    },
  };
}

/**
 * The `aws.dynamodb` provider: a DynamoDB table as a parameter store, in the layout Powertools'
 * `DynamoDBProvider` reads (`id` key, `value` attribute; `sk` sort key for listings). One name
 * is a `GetItem`, several read together a `BatchGetItem` (100 a call), `getByPath` a `Query` of
 * one partition, `update` an `UpdateItem` of the value attribute. Two tables behind one shared
 * cache never answer for each other. Wrap it in a client (or use {@link DynamoDBTable}) for caching.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsDynamodb({ tableName: 'params' }) });
 * await client.get('my-parameter');
 * ```
 */
export const awsDynamodb: ProviderFactory<AwsDynamodbOptions, AwsDynamodbTypes> = awsProvider<
  AwsDynamodbOptions,
  AwsDynamodbTypes,
  DynamoDBClient
>(DYNAMODB, {
  client: { name: 'a DynamoDBClient', make: (config) => new DynamoDBClient(config) },
  optionNames: TABLE_OPTION_NAMES,
  sdk: operations,
});
