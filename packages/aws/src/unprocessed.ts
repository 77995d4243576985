import { setTimeout as sleep } from 'node:timers/promises';

// A jittered, growing pause before asking again, as AWS advises for unprocessed items.
const backoffMs = (round: number) => Math.random() * Math.min(1000, 50 * 2 ** round);

/**
 * Sends a batch, then again what each answer left unprocessed (DynamoDB's `UnprocessedKeys`,
 * throttled items of any batch call), after a jittered growing pause, up to `rounds` requests in
 * all. Resolves to what is still left after the last one: empty when everything went through.
 *
 * @example
 * ```ts
 * const left = await untilProcessed(3, keys, async (pending) => {
 *   const answer = await aws.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending } } }), context);
 *   return answer.UnprocessedKeys?.[table]?.Keys ?? [];
 * });
 * ```
 */
export async function untilProcessed<Item>(rounds: number, items: Item[], send: (pending: Item[]) => Promise<Item[]>): Promise<Item[]> {
  let pending = items;
  for (let round = 0; pending.length > 0 && round < rounds; round++) {
    if (round > 0) await sleep(backoffMs(round));
    pending = await send(pending);
  }
  return pending;
}
