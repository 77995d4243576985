import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToNative } from '@aws-sdk/util-dynamodb';
import { type RawSecret, type SecretInput, ValidationError } from '@coffer/core';
import { PROVIDER } from './table.js';

// A number keeps its text when a JS number would change it (2^53 and beyond, long decimals).
const number = (text: string) => (String(Number(text)) === text ? Number(text) : text);

// Inside a map or a list, bytes travel as base64 text and sets as arrays.
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...value];
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/**
 * A value attribute as coffer hands it to its decoder: text (`S`) and bytes (`B`) as they are,
 * a number (`N`) and a boolean as their text, and a map, list or set as JSON text, which
 * `decode: 'auto'` turns into the object Powertools' `DynamoDBProvider` would return. A missing
 * or `NULL` attribute is no value.
 */
export function rawOfAttribute(attribute: AttributeValue | undefined): RawSecret | undefined {
  if (attribute === undefined || attribute.NULL) return undefined;
  if (attribute.S !== undefined) return { value: attribute.S };
  if (attribute.B !== undefined) return { value: attribute.B };
  if (attribute.N !== undefined) return { value: attribute.N };
  if (attribute.BOOL !== undefined) return { value: String(attribute.BOOL) };
  return { value: JSON.stringify(convertToNative(attribute, { wrapNumbers: number }), jsonReplacer) };
}

// A DynamoDB item is at most 400 KB, names and key values included.
const MAX_ITEM_BYTES = 400 * 1024;

/**
 * The value attribute `update` writes: text as `S`, bytes as `B`, anything else as JSON text.
 * An item that would pass DynamoDB's 400 KB limit is a `ValidationError` before the call.
 */
export function attributeOfValue(value: SecretInput, path: string, overheadBytes: number): AttributeValue {
  const attribute: AttributeValue =
    typeof value === 'string' ? { S: value } : value instanceof Uint8Array ? { B: value } : { S: JSON.stringify(value) };
  const size = attribute.B ? attribute.B.byteLength : Buffer.byteLength(attribute.S ?? '');
  if (size + overheadBytes > MAX_ITEM_BYTES)
    throw new ValidationError('value is larger than a DynamoDB item can hold (400 KB)', { provider: PROVIDER, path });
  return attribute;
}
