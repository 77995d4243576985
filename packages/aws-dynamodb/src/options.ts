import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsOptions } from '@coffer/aws';
import { readOptions, ValidationError } from '@coffer/core';
import { PROVIDER } from './table.js';

/**
 * Options of {@link awsDynamodb}: the table and its attributes, named as Powertools'
 * `DynamoDBProvider` names them, plus the AWS options of every coffer AWS provider.
 *
 * @example
 * ```ts
 * const provider = awsDynamodb({ tableName: 'params', valueAttr: 'val', region: 'eu-west-1' });
 * ```
 */
export interface AwsDynamodbOptions extends AwsOptions {
  /** The table's name or ARN. @default `COFFER_DYNAMODB_TABLE`, else a `ValidationError` */
  tableName?: string;
  /** The partition key attribute (a string). @default 'id' */
  keyAttr?: string;
  /** The sort key attribute (a string): `getByPath` names a partition's items by it. @default 'sk' */
  sortAttr?: string;
  /** The attribute holding the value. @default 'value' */
  valueAttr?: string;
  /**
   * The table's key is a partition key and a sort key: the name `/app/db/host` is the item of
   * partition `/app/db` and sort key `host` (split at the last `/`), the name `getByPath`
   * gives it. Without it a name is the partition key alone, as Powertools' `get` reads it.
   * @default false
   */
  compositeKey?: boolean;
  /** Your own `DynamoDBClient`, used as it is: the other AWS options then do not apply. @default one made from the options */
  client?: DynamoDBClient;
}

/** The option names of {@link AwsDynamodbOptions} besides the AWS ones and `client`. */
export const TABLE_OPTION_NAMES = ['tableName', 'keyAttr', 'sortAttr', 'valueAttr', 'compositeKey'] as const;

/** Where the values are: the table, its attributes, and whether its key has a sort key. */
export interface TableSettings {
  readonly tableName: string;
  readonly keyAttr: string;
  readonly sortAttr: string;
  readonly valueAttr: string;
  readonly compositeKey: boolean;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/;

function fail(message: string): never {
  throw new ValidationError(message, { provider: PROVIDER });
}

function attribute(value: unknown, name: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > 255)
    fail(`${name} must be an attribute name of 1 to 255 bytes`);
  return value;
}

/**
 * Checks the table options before anything is sent, with their defaults filled in: a missing
 * table name (no `tableName`, no `COFFER_DYNAMODB_TABLE`) is a `ValidationError`.
 */
export function tableSettings(options: unknown): TableSettings {
  const given = readOptions(options, 'options', { provider: PROVIDER });
  const tableName = given.tableName ?? process.env.COFFER_DYNAMODB_TABLE;
  if (tableName === undefined || tableName === '') fail('tableName is required: pass { tableName } or set COFFER_DYNAMODB_TABLE');
  if (typeof tableName !== 'string' || !(TABLE_NAME.test(tableName) || TABLE_ARN.test(tableName)))
    fail('tableName must be 3 to 255 of letters, digits and _.-, or a table ARN');
  const keyAttr = attribute(given.keyAttr, 'keyAttr', 'id');
  const sortAttr = attribute(given.sortAttr, 'sortAttr', 'sk');
  const valueAttr = attribute(given.valueAttr, 'valueAttr', 'value');
  if (new Set([keyAttr, sortAttr, valueAttr]).size < 3) fail('keyAttr, sortAttr and valueAttr must be three different attributes');
  if (given.compositeKey !== undefined && typeof given.compositeKey !== 'boolean') fail('compositeKey must be true or false');
  return { tableName, keyAttr, sortAttr, valueAttr, compositeKey: given.compositeKey === true };
}
