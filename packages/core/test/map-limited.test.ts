import { mapLimited } from '@coffer/core';

describe('mapLimited', () => {
  it('keeps the order of the results and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0, 6], 3, async (delay) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return delay * 10;
    });

    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('rejects with the first error and starts no work after it', async () => {
    const started: number[] = [];
    const failing = mapLimited([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await Promise.resolve();
      if (item === 2) throw new Error('item 2');
      return item;
    });

    await expect(failing).rejects.toThrow('item 2');
    expect(started).toEqual([1, 2, 3]);
  });

  it('answers an empty list without calling work', async () => {
    const work = jest.fn();
    expect(await mapLimited([], 4, work)).toEqual([]);
    expect(work).not.toHaveBeenCalled();
  });
});
