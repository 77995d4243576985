import type { ExtensionClient, ExtensionOperations } from '@coffer/aws/extension';
import { ProviderError, type ReadRequest } from '@coffer/core';
import { isVersionNumber, PROVIDER, splitSelector } from './names.js';
import type { ParameterAnswer } from './raw-of.js';
import { rawOf } from './raw-of.js';

const ROUTE = '/systemsmanager/parameters/get';

/** The query of one read: the name, and the `name:selector` of the path as `version` or `label`. */
function queryOf(request: ReadRequest): Record<string, string | undefined> {
  const { name, selector } = splitSelector(request.path);
  const numbered = isVersionNumber(selector);
  return {
    name,
    withDecryption: String(request.options.decrypt !== false),
    version: numbered ? selector : undefined,
    label: selector && !numbered ? selector : undefined,
  };
}

/**
 * aws.ps over the extension protocol: one `GET /systemsmanager/parameters/get` a read (the
 * protocol has no batch call), and existence of a name; only a listing could tell whether
 * parameters lie under a path.
 */
export function parameterExtension(http: ExtensionClient): ExtensionOperations {
  async function read(request: ReadRequest, context: Parameters<ExtensionOperations['read']>[1]) {
    const answer = (await http.get(ROUTE, queryOf(request), request.path, context)) as { Parameter?: unknown } | undefined;
    if (answer === undefined) return undefined;
    const parameter = answer.Parameter as ParameterAnswer | undefined;
    if (!parameter || typeof parameter.Value !== 'string')
      throw new ProviderError('the extension answered without a Parameter', { provider: PROVIDER, path: request.path });
    return rawOf(parameter);
  }
  return {
    read,
    async exists(request, context) {
      if ((await read({ path: request.path, options: { decrypt: false } }, context)) !== undefined) return true;
      return request.path.startsWith('/') ? undefined : false;
    },
  };
}
