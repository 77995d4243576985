import { awsCalls, awsSession } from '@coffer/aws';
import type { CallContext } from '@coffer/core';

/** A command as the SDK builds it, answering `output` (the fake client returns it). */
const command = <Output>(output: Output) =>
  ({ input: {}, output, resolveMiddleware: () => async () => ({ output }) }) as unknown as {
    input: object;
    resolveMiddleware(stack: never, configuration: never, options: never): (args: never) => Promise<{ output: Output }>;
  };

function fakes(pages: Array<{ NextToken?: string; items: number[] }>) {
  let calls = 0;
  const context = { countApiCall: () => calls++ } as unknown as CallContext;
  const client = { send: async (sent: never) => (sent as unknown as { output: unknown }).output };
  const made = (token: string | undefined) => {
    const index = token === undefined ? 0 : Number(token.slice(1));
    return command(pages[index] as { NextToken?: string; items: number[] });
  };
  return { aws: awsCalls(awsSession({ region: 'us-east-1' }), () => client), context, made, apiCalls: () => calls };
}

describe('awsCalls.paginate', () => {
  it('reads on through empty pages until a page comes without a NextToken, one request a page', async () => {
    const { aws, context, made, apiCalls } = fakes([{ NextToken: 'p1', items: [1] }, { NextToken: 'p2', items: [] }, { items: [3] }]);
    const seen: number[] = [];

    for await (const page of aws.paginate(made, context)) seen.push(...page.items);

    expect(seen).toEqual([1, 3]);
    expect(apiCalls()).toBe(3);
  });

  it('stops when the same token comes back, at maxPages, and when the loop is left', async () => {
    const looping = fakes([
      { NextToken: 'p1', items: [0] },
      { NextToken: 'p1', items: [1] },
    ]);
    const endless = fakes(Array.from({ length: 10 }, (_, i) => ({ NextToken: `p${i + 1}`, items: [i] })));
    const early = fakes(Array.from({ length: 10 }, (_, i) => ({ NextToken: `p${i + 1}`, items: [i] })));

    for await (const _ of looping.aws.paginate(looping.made, looping.context));
    for await (const _ of endless.aws.paginate(endless.made, endless.context, 4));
    for await (const page of early.aws.paginate(early.made, early.context)) if (page.items[0] === 1) break;

    expect([looping.apiCalls(), endless.apiCalls(), early.apiCalls()]).toEqual([2, 4, 2]);
  });
});
