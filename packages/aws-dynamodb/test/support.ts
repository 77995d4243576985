import { randomBytes } from 'node:crypto';
import { type AttributeValue, CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { SeedEntry } from '@coffer/conformance';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const region = 'us-east-1';
export const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };

let direct: DynamoDBClient | undefined;
afterAll(() => {
  direct?.destroy();
  direct = undefined;
});

/** An SDK client straight to the emulator, for tables and fixtures behind the provider's back. */
export function directDynamo(): DynamoDBClient {
  direct ??= new DynamoDBClient({ region, endpoint: motoEndpoint(), credentials });
  return direct;
}

/** A unique name for one test. */
export const unique = (prefix = 't'): string => `${prefix}${randomBytes(5).toString('hex')}`;

/**
 * Creates a new table: keyed by `id` alone (Powertools' layout for `get`), or by `id` and `sk`
 * (its layout for `getMultiple`), or by other attribute names.
 */
export async function createTable(options: { sortKey?: boolean; keyAttr?: string; sortAttr?: string } = {}): Promise<string> {
  const { keyAttr = 'id', sortAttr = 'sk', sortKey = false } = options;
  const tableName = unique('coffer-');
  await directDynamo().send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: keyAttr, AttributeType: 'S' },
        ...(sortKey ? [{ AttributeName: sortAttr, AttributeType: 'S' as const }] : []),
      ],
      KeySchema: [
        { AttributeName: keyAttr, KeyType: 'HASH' },
        ...(sortKey ? [{ AttributeName: sortAttr, KeyType: 'RANGE' as const }] : []),
      ],
    }),
  );
  return tableName;
}

/** Writes one item as it is. */
export async function putItem(tableName: string, item: Record<string, AttributeValue>): Promise<void> {
  await directDynamo().send(new PutItemCommand({ TableName: tableName, Item: item }));
}

const attributeOf = (value: SeedEntry['value']): AttributeValue =>
  typeof value === 'string' ? { S: value } : value instanceof Uint8Array ? { B: value } : { S: JSON.stringify(value) };

/**
 * Seeds the conformance fixtures: in a composite table the name `/a/b/c` is the item of
 * partition `/a/b` and sort key `c`; otherwise the name is the partition key.
 */
export function seeder(tableName: string, compositeKey: boolean) {
  return (entries: SeedEntry[]) =>
    Promise.all(
      entries.map(({ name, value }) => {
        const slash = name.lastIndexOf('/');
        const key: Record<string, AttributeValue> = compositeKey
          ? { id: { S: name.slice(0, slash) }, sk: { S: name.slice(slash + 1) } }
          : { id: { S: name } };
        return putItem(tableName, { ...key, value: attributeOf(value) });
      }),
    ).then(() => undefined);
}

/** A counting proxy in front of the shared emulator; close it after the test. */
export function proxy(): Promise<AwsProxy> {
  return awsProxy(motoEndpoint());
}

export { motoEndpoint };
