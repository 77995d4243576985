import { untilProcessed } from '@coffer/aws';

describe('untilProcessed', () => {
  it('asks again for what each answer left, until nothing is left', async () => {
    const sent: number[][] = [];
    const left = await untilProcessed(5, [1, 2, 3, 4], async (pending) => {
      sent.push(pending);
      return pending.slice(1);
    });
    expect(sent).toEqual([[1, 2, 3, 4], [2, 3, 4], [3, 4], [4]]);
    expect(left).toEqual([]);
  });

  it('sends at most `rounds` requests and resolves to what is still left', async () => {
    let requests = 0;
    const left = await untilProcessed(3, ['a', 'b'], async (pending) => {
      requests++;
      return pending;
    });
    expect(requests).toBe(3);
    expect(left).toEqual(['a', 'b']);
  });

  it('sends nothing for nothing', async () => {
    const send = jest.fn(async (pending: string[]) => pending);
    await expect(untilProcessed(3, [], send)).resolves.toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });
});
