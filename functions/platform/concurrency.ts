/**
 * Runs `task` over `items` with at most `limit` in flight, settling every one (like
 * `Promise.allSettled`, in input order). A webhook batch of hundreds of events must neither run
 * one by one (too slow for the provider's timeout) nor all at once (a burst of table writes).
 *
 * @example
 * const results = await settleWithConcurrency(events, 16, handleEvent);
 */
export const settleWithConcurrency = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> => {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(items[index]!, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
};
