import { BatchGetItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AwsCalls } from '@coffer/aws';
import { type CallContext, type CofferError, ProviderError, type RawSecret, type ReadRequest } from '@coffer/core';
import { rawOfAttribute } from './item-value.js';
import { PROVIDER } from './names.js';
import type { Item, Table } from './table.js';

type Answer = RawSecret | undefined | Error;
type Fail = (error: unknown, path: string) => CofferError;

// Unprocessed keys are asked again after a jittered, growing pause, as AWS advises.
const backoffMs = (round: number) => Math.random() * Math.min(1000, 50 * 2 ** round);

/** One item by `GetItem`: its value, or `undefined` when it (or its value) is missing. */
async function getItem(aws: AwsCalls, table: Table, request: ReadRequest, context: CallContext): Promise<Answer> {
  const { Item: item } = await aws.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: table.keyOf(request.path),
      ConsistentRead: request.options.consistentRead === true,
      ...table.projection,
    }),
    context,
  );
  return rawOfAttribute(item?.[table.valueAttr]);
}

/**
 * Items by `BatchGetItem` (at most 100, the provider's batch size), paired with the requests by
 * key, since DynamoDB answers in any order. Keys it leaves unprocessed (throughput, or the 16 MB
 * answer limit) are asked again, up to `rounds` requests in all; what is still left is a
 * transient error of its own, which stale-if-error can cover.
 */
async function batchGet(aws: AwsCalls, table: Table, requests: readonly ReadRequest[], context: CallContext, rounds: number) {
  const keys = new Map(requests.map((request) => [table.idOf(table.keyOf(request.path)), table.keyOf(request.path)]));
  const found = new Map<string, Item>();
  let pending = [...keys.values()];
  for (let round = 0; pending.length > 0 && round < rounds; round++) {
    if (round > 0) await sleep(backoffMs(round));
    const answer = await aws.send(
      new BatchGetItemCommand({
        RequestItems: {
          [table.tableName]: { Keys: pending, ConsistentRead: requests[0]?.options.consistentRead === true, ...table.projection },
        },
      }),
      context,
    );
    for (const item of Object.values(answer.Responses ?? {}).flat()) found.set(table.idOf(item), item);
    pending = Object.values(answer.UnprocessedKeys ?? {}).flatMap((left) => left.Keys ?? []);
  }
  const left = new Set(pending.map((key) => table.idOf(key)));
  return requests.map((request): Answer => {
    const id = table.idOf(table.keyOf(request.path));
    if (left.has(id))
      return new ProviderError('DynamoDB left the item unprocessed (throughput exceeded)', { provider: PROVIDER, path: request.path });
    return rawOfAttribute(found.get(id)?.[table.valueAttr]);
  });
}

/**
 * The reads of one table: `GetItem` for one name, `BatchGetItem` for more; one answer per
 * request, a value, `undefined` or its own error.
 */
export async function readItems(
  aws: AwsCalls,
  table: Table,
  fail: Fail,
  rounds: number,
  requests: readonly ReadRequest[],
  context: CallContext,
): Promise<Answer[]> {
  try {
    if (requests.length === 1) return [await getItem(aws, table, requests[0] as ReadRequest, context)];
    return await batchGet(aws, table, requests, context, rounds);
  } catch (error) {
    return requests.map((request) => fail(error, request.path));
  }
}
