import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type ItemKey, itemKey } from './names.js';
import type { TableSettings } from './options.js';

/** An item as DynamoDB answers it. */
export type Item = Record<string, AttributeValue>;

/**
 * What every request about one table repeats: its name, an item's key attributes, and the
 * projection that reads the key and the value (attribute names go through placeholders, so any
 * name works, reserved words included).
 */
export interface Table extends TableSettings {
  /** The key attributes of the item named `name` (throws a `ValidationError` for a bad name). */
  keyOf(name: string): Item;
  /** A text that is equal for equal keys, of a request's key or an answered item. */
  idOf(item: Item): string;
  /** Reads the key attributes and the value. */
  readonly projection: { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> };
}

const text = (attribute: AttributeValue | undefined) => attribute?.S ?? attribute?.N;

/** The {@link Table} of checked settings. */
export function table(settings: TableSettings): Table {
  const { keyAttr, sortAttr, valueAttr, compositeKey } = settings;
  const attributes = (key: ItemKey): Item =>
    key.sort === undefined ? { [keyAttr]: { S: key.partition } } : { [keyAttr]: { S: key.partition }, [sortAttr]: { S: key.sort } };
  return {
    ...settings,
    keyOf: (name) => attributes(itemKey(name, compositeKey)),
    idOf: (item) => JSON.stringify(compositeKey ? [text(item[keyAttr]), text(item[sortAttr])] : [text(item[keyAttr])]),
    projection: {
      ProjectionExpression: compositeKey ? '#k, #s, #v' : '#k, #v',
      ExpressionAttributeNames: compositeKey ? { '#k': keyAttr, '#s': sortAttr, '#v': valueAttr } : { '#k': keyAttr, '#v': valueAttr },
    },
  };
}

/** The sort key of a listed item as text (a string or number sort key), `undefined` without one. */
export const sortKeyOf = (item: Item, settings: TableSettings): string | undefined => text(item[settings.sortAttr]);
