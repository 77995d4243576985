import { type AwsCalls, awsErrorKind } from '@coffer/aws';
import { type CofferError, isCofferError, ProviderError, ValidationError } from '@coffer/core';
import { PROVIDER } from './names.js';
import type { TableSettings } from './options.js';

/**
 * `aws.fail` with what DynamoDB's errors mean for a table: its only "not found" is the table's
 * own (a missing item is no error), which must never pass for a missing secret (a `default`
 * would hide a wrong table name); and an invalid request is almost always a key that does not
 * match the table's key schema.
 */
export function tableFailure(aws: AwsCalls, table: TableSettings) {
  return (error: unknown, path: string): CofferError => {
    if (isCofferError(error)) return error;
    const mapped = aws.fail(error, path);
    const where = { provider: PROVIDER, path, cause: mapped.cause };
    switch (awsErrorKind(error)) {
      case 'not-found':
        return new ProviderError(`DynamoDB has no table '${table.tableName}' in this region and account`, {
          ...where,
          transient: false,
        });
      case 'invalid': {
        const key = table.compositeKey ? `'${table.keyAttr}' and sort key '${table.sortAttr}'` : `'${table.keyAttr}' alone`;
        return new ValidationError(
          `DynamoDB refused the request: is the table's key the string partition key ${key}? (keyAttr, sortAttr, compositeKey)`,
          where,
        );
      }
      default:
        return mapped;
    }
  };
}
