import { type AwsCommand, awsCalls, awsSession } from '@coffer/aws';
import type { CallContext } from '@coffer/core';

interface Page {
  NextToken?: string;
  items: number[];
}

function fakes(pages: Page[]) {
  let calls = 0;
  const inputs: object[] = [];
  const context = { countApiCall: () => calls++ } as unknown as CallContext;
  /** A command as the SDK builds it: the fake client answers the page its token names. */
  class ListCommand {
    constructor(readonly input: { Filter: string; NextToken?: string }) {
      inputs.push(input);
    }
    resolveMiddleware(): never {
      throw new Error('not sent through the SDK');
    }
  }
  const client = {
    send: async (sent: never) => {
      const token = (sent as ListCommand).input.NextToken;
      return pages[token === undefined ? 0 : Number(token.slice(1))] as Page;
    },
  };
  const aws = awsCalls(awsSession({ region: 'us-east-1' }), () => client, 'aws.test');
  const made = ListCommand as unknown as new (input: { Filter: string; NextToken?: string }) => AwsCommand<Page>;
  return { aws, context, made, inputs, apiCalls: () => calls };
}

describe('awsCalls.paginate', () => {
  it('reads on through empty pages until a page comes without a NextToken, one request a page', async () => {
    const { aws, context, made, inputs, apiCalls } = fakes([
      { NextToken: 'p1', items: [1] },
      { NextToken: 'p2', items: [] },
      { items: [3] },
    ]);
    const seen: number[] = [];

    for await (const page of aws.paginate(made, { Filter: 'f' }, context)) seen.push(...page.items);

    expect(seen).toEqual([1, 3]);
    expect(apiCalls()).toBe(3);
    expect(inputs).toEqual([{ Filter: 'f' }, { Filter: 'f', NextToken: 'p1' }, { Filter: 'f', NextToken: 'p2' }]);
  });

  it('stops when the same token comes back, at maxPages, and when the loop is left', async () => {
    const looping = fakes([
      { NextToken: 'p1', items: [0] },
      { NextToken: 'p1', items: [1] },
    ]);
    const endless = fakes(Array.from({ length: 10 }, (_, i) => ({ NextToken: `p${i + 1}`, items: [i] })));
    const early = fakes(Array.from({ length: 10 }, (_, i) => ({ NextToken: `p${i + 1}`, items: [i] })));

    for await (const _ of looping.aws.paginate(looping.made, { Filter: 'f' }, looping.context));
    for await (const _ of endless.aws.paginate(endless.made, { Filter: 'f' }, endless.context, { maxPages: 4 }));
    for await (const page of early.aws.paginate(early.made, { Filter: 'f' }, early.context)) if (page.items[0] === 1) break;

    expect([looping.apiCalls(), endless.apiCalls(), early.apiCalls()]).toEqual([2, 4, 2]);
  });
});

describe('awsCalls.paginate with DynamoDB-style tokens', () => {
  it('passes LastEvaluatedKey back as ExclusiveStartKey, and stops when it is absent', async () => {
    const pages = [{ LastEvaluatedKey: { id: { S: 'a' } }, n: 1 }, { n: 2 }];
    const inputs: object[] = [];
    class QueryCommand {
      constructor(readonly input: { TableName: string; ExclusiveStartKey?: object }) {
        inputs.push(input);
      }
      resolveMiddleware(): never {
        throw new Error('not sent through the SDK');
      }
    }
    const client = { send: async (sent: never) => pages[(sent as QueryCommand).input.ExclusiveStartKey ? 1 : 0] };
    const aws = awsCalls(awsSession({ region: 'us-east-1' }), () => client, 'aws.test');
    const context = { countApiCall: () => undefined } as unknown as CallContext;
    const Command = QueryCommand as unknown as new (input: { TableName: string }) => AwsCommand<{ n: number }>;
    const tokens = { input: 'ExclusiveStartKey', output: 'LastEvaluatedKey' };

    const seen: number[] = [];
    for await (const page of aws.paginate(Command, { TableName: 't' }, context, { tokens })) seen.push(page.n);

    expect(seen).toEqual([1, 2]);
    expect(inputs).toEqual([{ TableName: 't' }, { TableName: 't', ExclusiveStartKey: { id: { S: 'a' } } }]);
  });
});
