import { awsPs } from '@coffer/aws-ps';
import type { CallContext } from '@coffer/core';
import { COLD_PARAMETER } from './names';

const provider = awsPs();
const context: CallContext = { countApiCall: () => {} };

/**
 * The one-read handler of `coffer-aws-ps.ts` without the caching client: the `aws.ps` provider
 * asked directly, as the client asks it. The difference between the two is what the caching
 * client (options, cache, single flight, batching, decoding) costs a cold start.
 */
export const handler = async (): Promise<unknown> => {
  const [answer] = (await provider.getMany?.([{ path: COLD_PARAMETER, options: { decrypt: true } }], context)) ?? [];
  if (answer === undefined || answer instanceof Error) throw answer ?? new Error(`${COLD_PARAMETER} not found`);
  return answer.value;
};
