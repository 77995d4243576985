import { registerProvider } from '@coffer/core';
import { awsDynamodb } from './aws-dynamodb.js';

export { awsDynamodb } from './aws-dynamodb.js';
export { DynamoDBTable, type DynamoDBTableOptions } from './dynamodb-table.js';
export type { AwsDynamodbOptions } from './options.js';
export type { AwsDynamodbGetOptions, AwsDynamodbListOptions, AwsDynamodbTypes } from './types.js';

registerProvider('aws.dynamodb', awsDynamodb);
