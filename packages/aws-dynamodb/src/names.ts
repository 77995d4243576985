import { type NormalizedRequest, type Operation, type ProviderOptions, ValidationError } from '@coffer/core';

/** The provider's name. */
export const PROVIDER = 'aws.dynamodb';

// DynamoDB's limits on key values, in UTF-8 bytes.
const MAX_PARTITION_BYTES = 2048;
const MAX_SORT_BYTES = 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Where an item is: its partition key value, and its sort key value in a table that has one. */
export interface ItemKey {
  readonly partition: string;
  readonly sort?: string;
}

function invalid(message: string, path: string): never {
  throw new ValidationError(message, { provider: PROVIDER, path });
}

function checkPart(value: string, what: string, maxBytes: number, path: string): void {
  if (value === '') invalid(`${what} is empty`, path);
  if (CONTROL.test(value)) invalid(`${what} contains a control character`, path);
  if (Buffer.byteLength(value) > maxBytes) invalid(`${what} is longer than ${maxBytes} bytes, the limit of DynamoDB`, path);
}

/**
 * The key of the item named `name`: the name itself as the partition key, or, in a table with a
 * composite key, the partition key before its last `/` and the sort key after it.
 */
export function itemKey(name: string, compositeKey: boolean): ItemKey {
  if (!compositeKey) {
    checkPart(name, 'the name', MAX_PARTITION_BYTES, name);
    return { partition: name };
  }
  const slash = name.lastIndexOf('/');
  if (slash <= 0 || slash === name.length - 1) invalid('with compositeKey, a name is <partition key>/<sort key>, both non-empty', name);
  const key = { partition: name.slice(0, slash), sort: name.slice(slash + 1) };
  checkPart(key.partition, 'the partition key', MAX_PARTITION_BYTES, name);
  checkPart(key.sort, 'the sort key', MAX_SORT_BYTES, name);
  return key;
}

/** The name of the item of sort key `sort` in partition `partition` (what `getByPath` keys by). */
export const nameOf = (partition: string, sort: string): string => `${partition}/${sort}`;

/** A partition key for a listing: `/a/` and `/a` are one partition. */
function partitionOf(path: string): string {
  const partition = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  checkPart(partition, 'the partition key', MAX_PARTITION_BYTES, path);
  return partition;
}

const consistency = (options: ProviderOptions) => ({ consistentRead: options.consistentRead === true });

/**
 * The `normalize` of one table: names checked against its key before any call, `consistentRead`
 * filled in, and a listing's trailing `/` dropped.
 */
export function normalizeFor(compositeKey: boolean) {
  return (operation: Operation, path: string, options: ProviderOptions): NormalizedRequest => {
    switch (operation) {
      case 'get':
        itemKey(path, compositeKey);
        return { path, options: consistency(options) };
      case 'list':
        return { path: partitionOf(path), options: consistency(options) };
      case 'exists':
        return { path: partitionOf(path), options: {} };
      case 'update':
        itemKey(path, compositeKey);
        return { path, options: {} };
    }
  };
}
