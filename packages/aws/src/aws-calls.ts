import { type CallContext, type CofferError, isCofferError } from '@coffer/core';
import type { AwsSession } from './aws-session.js';
import { type AwsErrorKind, awsErrorKind, mapAwsError } from './map-error.js';

/**
 * An SDK v3 command (`new GetParametersCommand(input)`, ...), typed by what it answers.
 *
 * @example
 * ```ts
 * const command: AwsCommand<GetParametersCommandOutput> = new GetParametersCommand({ Names: ['/a'] });
 * ```
 */
export interface AwsCommand<Output> {
  readonly input: object;
  resolveMiddleware(stack: never, configuration: never, options: never): (args: never) => Promise<{ output: Output }>;
}

/**
 * Where a paginated command carries its page token: `NextToken` in and out for most services,
 * `ExclusiveStartKey` in and `LastEvaluatedKey` out for DynamoDB.
 *
 * @example
 * ```ts
 * const dynamo: PageTokens = { input: 'ExclusiveStartKey', output: 'LastEvaluatedKey' };
 * ```
 */
export interface PageTokens {
  /** The input field naming the page to read. @default 'NextToken' */
  readonly input: string;
  /** The output field naming the next page, absent on the last one. @default 'NextToken' */
  readonly output: string;
}

/**
 * Options of {@link AwsCalls.paginate}.
 *
 * @example
 * ```ts
 * const options: PageOptions = { maxPages: 50 };
 * ```
 */
export interface PageOptions {
  /** The most pages to read. @default 100000 */
  readonly maxPages?: number;
  /** Where the page token is. @default `{ input: 'NextToken', output: 'NextToken' }` */
  readonly tokens?: PageTokens;
}

/**
 * How an AWS provider's operations talk to AWS: one command, every page of a paginated one, and
 * the one mapping of AWS errors to coffer's.
 *
 * @example
 * ```ts
 * const { Parameters } = await aws.send(new GetParametersCommand({ Names: ['/a'] }), context);
 * for await (const page of aws.paginate(ListSecretsCommand, { MaxResults: 100 }, context)) use(page);
 * ```
 */
export interface AwsCalls {
  /**
   * Sends one command with the instance's client, counted as one backend request (the session
   * assumes its role again once when the token expired). Errors are the SDK's, for `fail`.
   */
  send<Output>(command: AwsCommand<Output>, context: CallContext): Promise<Output>;
  /**
   * Every page of `new Command(input)`, the page token added to `input` from the second page on:
   * until a page comes without a token (an empty page may still carry one), the same token comes
   * back, or `maxPages` pages were read. Stop early by leaving the `for await` loop.
   */
  paginate<Input extends object, Output extends object>(
    Command: new (input: Input) => AwsCommand<Output>,
    input: Input,
    context: CallContext,
    options?: PageOptions,
  ): AsyncGenerator<Output, void, undefined>;
  /**
   * Maps an AWS error about `path` to a coffer error (see `mapAwsError`); `kinds` (else the
   * provider's `errors`) replace the error of some kinds with what they mean for this provider.
   */
  fail(error: unknown, path: string, kinds?: ErrorKinds): CofferError;
}

/**
 * A provider's own errors for some kinds of AWS error, given the mapped one (for its `cause`).
 *
 * @example
 * ```ts
 * const kinds: ErrorKinds = { 'not-found': (mapped) => new ProviderError('no such table', { cause: mapped.cause }) };
 * ```
 */
export type ErrorKinds = Partial<Record<AwsErrorKind, (mapped: CofferError) => CofferError>>;

const MAX_PAGES = 100_000;
const NEXT_TOKEN: PageTokens = { input: 'NextToken', output: 'NextToken' };

/** A token as it can be compared: DynamoDB's are objects. */
const tokenKey = (token: unknown) => (typeof token === 'object' ? JSON.stringify(token) : token);

/**
 * The {@link AwsCalls} of one provider instance: its session, its SDK client (made on first use),
 * and for errors its name and the IAM permissions its calls need.
 *
 * @example
 * ```ts
 * const aws = awsCalls(session, () => ssmClient, 'aws.ps');
 * ```
 */
export function awsCalls(
  session: AwsSession,
  client: () => { send(command: never): Promise<unknown> },
  provider: string,
  permissions?: string,
  errors: () => ErrorKinds | undefined = () => undefined,
): AwsCalls {
  const send = <Output>(command: AwsCommand<Output>, context: CallContext) =>
    session.send(() => client().send(command as never) as Promise<Output>, context);
  return {
    send,
    async *paginate(Command, input, context, options = {}) {
      const { maxPages = MAX_PAGES, tokens = NEXT_TOKEN } = options;
      let token: unknown;
      for (let page = 0; page < maxPages; page++) {
        const pageInput = token === undefined ? input : { ...input, [tokens.input]: token };
        const answer = await send(new Command(pageInput), context);
        yield answer;
        const next = (answer as Record<string, unknown>)[tokens.output];
        if (next === undefined || next === null || next === '' || tokenKey(next) === tokenKey(token)) return;
        token = next;
      }
    },
    fail: (error, path, kinds) => {
      const mapped = mapAwsError(error, { provider, path, ...(permissions ? { permissions } : {}) });
      const own = isCofferError(error) ? undefined : (kinds ?? errors())?.[awsErrorKind(error)];
      return own ? own(mapped) : mapped;
    },
  };
}
