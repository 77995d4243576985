import { ConditionalCheckFailedException, DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { AWS_DEFAULTS, type AwsCalls, awsProvider } from '@coffer/aws';
import type { AwsProviderIdentity } from '@coffer/aws/extension';
import {
  type CallContext,
  type ListRequest,
  type ProviderFactory,
  type RawSecret,
  type ReadRequest,
  SecretNotFoundError,
  type UpdateRequest,
} from '@coffer/core';
import { attributeOfValue, rawOfAttribute } from './item-value.js';
import { itemKey, nameOf, normalizeFor, PROVIDER } from './names.js';
import { type AwsDynamodbOptions, TABLE_OPTION_NAMES, tableSettings } from './options.js';
import { readItems } from './read.js';
import { sortKeyOf, type Table, table as tableOf } from './table.js';
import { tableFailure } from './table-errors.js';
import type { AwsDynamodbTypes } from './types.js';

const QUERY_PAGES = { tokens: { input: 'ExclusiveStartKey', output: 'LastEvaluatedKey' } } as const;

/** What aws.dynamodb is, whatever its table. */
const DYNAMODB: AwsProviderIdentity = {
  name: PROVIDER,
  sdkPackage: '@coffer/aws-dynamodb',
  maxBatchSize: 100,
  options: { get: { consistentRead: 'boolean' }, list: { consistentRead: 'boolean' }, exists: {}, update: {} },
};

/** The operations on one table. */
function operations(aws: AwsCalls, options: AwsDynamodbOptions) {
  const table = tableOf(tableSettings(options));
  const fail = tableFailure(aws, table);
  const rounds = options.maxAttempts ?? AWS_DEFAULTS.maxAttempts;
  // A Query of one partition; `limit` to know only whether it has items.
  const partition = (path: string, consistent: boolean, limit?: number) => ({
    TableName: table.tableName,
    KeyConditionExpression: '#k = :p',
    ExpressionAttributeValues: { ':p': { S: path } },
    ExpressionAttributeNames: { '#k': table.keyAttr, '#s': table.sortAttr, '#v': table.valueAttr },
    ProjectionExpression: '#k, #s, #v',
    ConsistentRead: consistent,
    ...(limit ? { Limit: limit } : {}),
  });

  async function list(request: ListRequest, context: CallContext): Promise<Record<string, RawSecret>> {
    const out: Record<string, RawSecret> = {};
    try {
      const input = partition(request.path, request.options.consistentRead === true);
      for await (const page of aws.paginate(QueryCommand, input, context, QUERY_PAGES)) {
        for (const item of page.Items ?? []) {
          const sort = sortKeyOf(item, table);
          const raw = rawOfAttribute(item[table.valueAttr]);
          if (sort !== undefined && raw !== undefined) out[nameOf(request.path, sort)] = raw;
        }
      }
    } catch (error) {
      throw fail(error, request.path);
    }
    return out;
  }

  async function exists(request: ReadRequest, context: CallContext): Promise<boolean> {
    const { path } = request;
    try {
      // In a composite table the path may name an item, or a partition with items in it.
      if (table.compositeKey && isItemName(path, table)) {
        const [found] = await readItems(aws, table, fail, rounds, [{ path, options: {} }], context);
        if (found instanceof Error) throw found;
        if (found !== undefined) return true;
      }
      const { Items: items } = await aws.send(new QueryCommand(partition(path, false, 1)), context);
      return (items?.length ?? 0) > 0;
    } catch (error) {
      throw fail(error, path);
    }
  }

  async function update(request: UpdateRequest, context: CallContext): Promise<void> {
    const { path } = request;
    const key = table.keyOf(path);
    const overhead = Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(table.valueAttr);
    const value = attributeOfValue(request.value, path, overhead);
    try {
      // UpdateItem, not PutItem: the item's other attributes (a description, a TTL) are kept.
      await aws.send(
        new UpdateItemCommand({
          TableName: table.tableName,
          Key: key,
          UpdateExpression: 'SET #v = :v',
          ExpressionAttributeValues: { ':v': value },
          ...(request.create
            ? { ExpressionAttributeNames: { '#v': table.valueAttr } }
            : { ExpressionAttributeNames: { '#v': table.valueAttr, '#k': table.keyAttr }, ConditionExpression: 'attribute_exists(#k)' }),
        }),
        context,
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new SecretNotFoundError('Secret not found', { provider: PROVIDER, path });
      throw fail(error, path);
    }
  }

  return {
    getMany: (requests: readonly ReadRequest[], context: CallContext) => readItems(aws, table, fail, rounds, requests, context),
    list,
    exists,
    update,
  };
}

function isItemName(path: string, table: Table): boolean {
  try {
    itemKey(path, table.compositeKey);
    return true;
  } catch {
    return false;
  }
}

const sdkProvider = awsProvider<AwsDynamodbOptions, AwsDynamodbTypes, DynamoDBClient>(DYNAMODB, {
  client: { name: 'a DynamoDBClient', make: (config) => new DynamoDBClient(config) },
  optionNames: TABLE_OPTION_NAMES,
  sdk: operations,
});

/**
 * The `aws.dynamodb` provider: a DynamoDB table as a parameter store, in the layout Powertools'
 * `DynamoDBProvider` reads (`id` key, `value` attribute; `sk` sort key for listings). One name
 * is a `GetItem`, several read together a `BatchGetItem` (100 a call), `getByPath` a `Query` of
 * one partition, `update` an `UpdateItem` of the value attribute. Wrap it in a client (or use
 * {@link DynamoDBTable}) for caching.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: awsDynamodb({ tableName: 'params' }) });
 * await client.get('my-parameter');
 * ```
 */
export const awsDynamodb: ProviderFactory<AwsDynamodbOptions, AwsDynamodbTypes> = (options) => {
  const settings = tableSettings(options);
  const provider = sdkProvider(options);
  // Two tables behind one shared cache must never answer for each other; names are checked
  // against this table's key.
  const where = [settings.tableName, settings.keyAttr, settings.sortAttr, settings.valueAttr, settings.compositeKey];
  return Object.assign(provider, { scope: `${provider.scope}|${JSON.stringify(where)}`, normalize: normalizeFor(settings.compositeKey) });
};
