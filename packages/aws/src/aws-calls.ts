import type { CallContext } from '@coffer/core';
import type { AwsSession } from './aws-session.js';

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
 * The two ways a provider talks to AWS: one command, or every page of a paginated one.
 *
 * @example
 * ```ts
 * const { Parameters } = await calls.send(new GetParametersCommand({ Names: ['/a'] }), context);
 * for await (const page of calls.paginate((NextToken) => new ListSecretsCommand({ NextToken }), context)) use(page);
 * ```
 */
export interface AwsCalls {
  /**
   * Sends one command with the instance's client, counted as one backend request (the session
   * assumes its role again once when the token expired). Errors are the SDK's, for `fail`.
   */
  send<Output>(command: AwsCommand<Output>, context: CallContext): Promise<Output>;
  /**
   * Every page of a paginated command, `command(token)` making each request: until a page
   * comes without a `NextToken` (an empty page may still carry one), the same token comes back,
   * or `maxPages` pages were read. Stop early by leaving the `for await` loop.
   */
  paginate<Output extends { NextToken?: string | undefined }>(
    command: (token: string | undefined) => AwsCommand<Output>,
    context: CallContext,
    maxPages?: number,
  ): AsyncGenerator<Output, void, undefined>;
}

const MAX_PAGES = 100_000;

/**
 * The {@link AwsCalls} of one SDK client and session.
 *
 * @example
 * ```ts
 * const calls = awsCalls(session, () => ssmClient);
 * ```
 */
export function awsCalls(session: AwsSession, client: () => { send(command: never): Promise<unknown> }): AwsCalls {
  const send = <Output>(command: AwsCommand<Output>, context: CallContext) =>
    session.send(() => client().send(command as never) as Promise<Output>, context);
  return {
    send,
    async *paginate(command, context, maxPages = MAX_PAGES) {
      let token: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const answer = await send(command(token), context);
        yield answer;
        if (!answer.NextToken || answer.NextToken === token) return;
        token = answer.NextToken;
      }
    },
  };
}
