/**
 * Runs `work` over `items` with at most `limit` running at once, keeping the order of the
 * results: for a provider whose backend has no batch call, so that a batch of reads neither
 * waits on one request at a time nor opens one connection per name. Rejects with the first
 * error; work already running is not cancelled, and no new work starts after it.
 *
 * @example
 * ```ts
 * const values = await mapLimited(names, 8, (name) => readOne(name));
 * ```
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
