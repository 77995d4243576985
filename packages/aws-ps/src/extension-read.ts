import type { ExtensionClient } from '@coffer/aws/extension';
import type { CallContext, RawSecret, ReadRequest } from '@coffer/core';
import { ProviderError } from '@coffer/core';
import { rawOf } from './raw-of.js';

const ROUTE = '/systemsmanager/parameters/get';

/** The query of one read: the name, and the `name:selector` of the path as `version` or `label`. */
function queryOf(request: ReadRequest): Record<string, string | undefined> {
  const colon = request.path.lastIndexOf(':');
  const name = colon === -1 ? request.path : request.path.slice(0, colon);
  const selector = colon === -1 ? '' : request.path.slice(colon + 1);
  const numbered = /^\d+$/.test(selector);
  return {
    name,
    withDecryption: String(request.options.decrypt !== false),
    version: numbered ? selector : undefined,
    label: selector && !numbered ? selector : undefined,
  };
}

/**
 * Reads parameters through the extension protocol, one `GET /systemsmanager/parameters/get`
 * each (the protocol has no batch call), all at once: one result per request, a value,
 * `undefined` when the parameter does not exist, or its own error.
 */
export function readParameters(
  http: ExtensionClient,
  requests: readonly ReadRequest[],
  context: CallContext,
): Promise<Array<RawSecret | undefined | Error>> {
  return Promise.all(
    requests.map(async (request) => {
      try {
        const answer = (await http.get(ROUTE, queryOf(request), request.path, context)) as { Parameter?: unknown } | undefined;
        if (answer === undefined) return undefined;
        const parameter = answer.Parameter as { Value?: unknown; Type?: unknown } | undefined;
        if (!parameter || typeof parameter.Value !== 'string')
          return new ProviderError('the extension answered without a Parameter', { provider: 'aws.ps', path: request.path });
        return rawOf({ Value: parameter.Value, Type: parameter.Type === 'StringList' ? 'StringList' : 'String' });
      } catch (error) {
        return error as Error;
      }
    }),
  );
}
