import type { ExtensionClient, ExtensionOperations } from '@coffer/aws/extension';
import { ProviderError } from '@coffer/core';
import { PROVIDER } from './names.js';
import { rawOf, type SecretAnswer } from './raw-of.js';

const ROUTE = '/secretsmanager/get';

/**
 * aws.sm over the extension protocol: one `GET /secretsmanager/get?secretId=…` a read, with
 * `versionId` / `versionStage` (the protocol has no batch call). `pathExists` is whether a secret
 * of that name exists: only a listing could find a folder.
 */
export function secretExtension(http: ExtensionClient): ExtensionOperations {
  return {
    async read(request, context) {
      const { versionId, versionStage } = request.options as { versionId?: string; versionStage?: string };
      const answer = await http.get(ROUTE, { secretId: request.path, versionId, versionStage }, request.path, context);
      if (answer === undefined) return undefined;
      const where = { provider: PROVIDER, path: request.path };
      if (!answer || typeof answer !== 'object') throw new ProviderError('the extension answered with a damaged body', where);
      const raw = rawOf(answer as SecretAnswer);
      if (!raw) throw new ProviderError('the extension answered without SecretString or SecretBinary', where);
      return raw;
    },
  };
}
