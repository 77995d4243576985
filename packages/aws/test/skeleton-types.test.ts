import { type AwsCalls, type AwsCommand, type AwsOptions, awsProvider, type SdkOperations } from '@coffer/aws';
import type { CallContext } from '@coffer/core';

class FakeClient {
  async send(): Promise<unknown> {
    return {};
  }
  destroy(): void {}
}
type FakeOptions = AwsOptions & { client?: FakeClient };
const identity = { name: 'aws.fake', maxBatchSize: 1, sdkPackage: '@coffer/aws-fake' };
const client = { name: 'a fake client', make: () => new FakeClient() };
const sdk = (): SdkOperations => ({ getMany: async (requests) => requests.map(() => undefined) });

/** A command answering `{ Items, NextToken }` for an input `{ Table, NextToken? }`, as the SDK types them. */
declare const ListCommand: new (input: { Table: string; NextToken?: string }) => AwsCommand<{ Items?: string[]; NextToken?: string }>;

describe('the AWS skeleton, typed', () => {
  it('rejects at compile time what a provider must not be built from', () => {
    const misuses = [
      // @ts-expect-error an identity names the package of its SDK transport
      () => awsProvider<FakeOptions, never, FakeClient>({ name: 'aws.fake' }, { client, sdk }),
      // @ts-expect-error the SDK operations need getMany
      () => awsProvider<FakeOptions, never, FakeClient>(identity, { client, sdk: () => ({}) }),
      // @ts-expect-error the client made is the provider's client type
      () => awsProvider<FakeOptions, never, FakeClient>(identity, { client: { name: 'x', make: () => ({}) }, sdk }),
    ];
    const fake = awsProvider<FakeOptions, never, FakeClient>(identity, { client, sdk });
    // @ts-expect-error a provider without extension reads has no transport option
    const transport = () => fake({ transport: 'extension' });
    // @ts-expect-error nor an option it does not declare
    const unknown = () => fake({ tableName: 't' });

    expect([...misuses, transport, unknown]).toHaveLength(5);
  });

  it('types paginate by the command: its input in, its pages out', () => {
    const pages = (aws: AwsCalls, context: CallContext) => aws.paginate(ListCommand, { Table: 't' }, context);
    // @ts-expect-error the input is the command's
    const wrong = (aws: AwsCalls, context: CallContext) => aws.paginate(ListCommand, { Tabel: 't' }, context);
    const items = async (aws: AwsCalls, context: CallContext) => {
      const out: string[] = [];
      for await (const page of pages(aws, context)) out.push(...(page.Items ?? []));
      return out;
    };

    expect([pages, wrong, items]).toHaveLength(3);
  });
});
