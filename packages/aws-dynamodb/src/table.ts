import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type ProviderBase, type ProviderOptions, ValidationError } from '@coffer/core';
import type { TableSettings } from './options.js';

/** The provider's name. */
export const PROVIDER = 'aws.dynamodb';

/** An item as DynamoDB answers it. */
export type Item = Record<string, AttributeValue>;

// DynamoDB's limits on key values, in UTF-8 bytes.
const MAX_PARTITION_BYTES = 2048;
const MAX_SORT_BYTES = 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

function invalid(message: string, path: string): never {
  throw new ValidationError(message, { provider: PROVIDER, path });
}

/** Whether `check` passes. */
const passes = (check: () => unknown) => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};

function checked(value: string, what: string, maxBytes: number, path: string): string {
  if (value === '') invalid(`${what} is empty`, path);
  if (CONTROL.test(value)) invalid(`${what} contains a control character`, path);
  if (Buffer.byteLength(value) > maxBytes) invalid(`${what} is longer than ${maxBytes} bytes, the limit of DynamoDB`, path);
  return value;
}

/**
 * One table as every request repeats it: its settings, the key of the item a name names (the
 * name itself, or with `compositeKey` the partition before its last `/` and the sort key after
 * it), and the projection of key and value (names go through placeholders: reserved words work).
 */
export function table(settings: TableSettings) {
  const { keyAttr, sortAttr, valueAttr, compositeKey } = settings;
  const text = (attribute: AttributeValue | undefined) => attribute?.S ?? attribute?.N;
  const keyOf = (name: string): Item => {
    if (!compositeKey) return { [keyAttr]: { S: checked(name, 'the name', MAX_PARTITION_BYTES, name) } };
    const slash = name.lastIndexOf('/');
    if (slash <= 0 || slash === name.length - 1) invalid('with compositeKey, a name is <partition key>/<sort key>, both non-empty', name);
    const partition = checked(name.slice(0, slash), 'the partition key', MAX_PARTITION_BYTES, name);
    return { [keyAttr]: { S: partition }, [sortAttr]: { S: checked(name.slice(slash + 1), 'the sort key', MAX_SORT_BYTES, name) } };
  };
  // A listing's partition: `/a/` and `/a` are one.
  const partitionOf = (path: string) =>
    checked(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path, 'the partition key', MAX_PARTITION_BYTES, path);
  const consistency = (options: ProviderOptions) => ({ consistentRead: options.consistentRead === true });
  const normalize: ProviderBase['normalize'] = (operation, path, options) => {
    if (operation === 'list' || operation === 'exists')
      return { path: partitionOf(path), options: operation === 'list' ? consistency(options) : {} };
    keyOf(path);
    return { path, options: operation === 'get' ? consistency(options) : {} };
  };
  return {
    ...settings,
    keyOf,
    normalize,
    /** A text equal for equal keys, of a request's key or of an answered item. */
    idOf: (item: Item) => JSON.stringify(compositeKey ? [text(item[keyAttr]), text(item[sortAttr])] : [text(item[keyAttr])]),
    sortKeyOf: (item: Item) => text(item[sortAttr]),
    /** Whether a path names one item of a composite table (it may name a partition instead). */
    isItemName: (name: string) => compositeKey && passes(() => keyOf(name)),
    projection: {
      ProjectionExpression: compositeKey ? '#k, #s, #v' : '#k, #v',
      ExpressionAttributeNames: (compositeKey
        ? { '#k': keyAttr, '#s': sortAttr, '#v': valueAttr }
        : { '#k': keyAttr, '#v': valueAttr }) as Record<string, string>,
    },
  };
}

/** The {@link table} of checked settings. */
export type Table = ReturnType<typeof table>;
