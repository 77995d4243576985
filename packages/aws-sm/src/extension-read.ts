import type { ExtensionClient } from '@coffer/aws/extension';
import { type CallContext, ProviderError, type RawSecret, type ReadRequest } from '@coffer/core';

const ROUTE = '/secretsmanager/get';

/** The value of a `GetSecretValue` answer of the protocol: text, or bytes from the base64 `SecretBinary`. */
function rawOfAnswer(answer: { SecretString?: unknown; SecretBinary?: unknown }, path: string): RawSecret | Error {
  if (typeof answer.SecretString === 'string') return { value: answer.SecretString };
  if (typeof answer.SecretBinary === 'string') return { value: new Uint8Array(Buffer.from(answer.SecretBinary, 'base64')) };
  return new ProviderError('the extension answered without SecretString or SecretBinary', { provider: 'aws.sm', path });
}

/**
 * Reads one secret through the extension protocol: `GET /secretsmanager/get?secretId=…` with
 * `versionId` / `versionStage`. The value, `undefined` when it does not exist, or its own error.
 */
export async function readSecret(
  http: ExtensionClient,
  request: ReadRequest,
  context: CallContext,
): Promise<RawSecret | undefined | Error> {
  const { versionId, versionStage } = request.options as { versionId?: string; versionStage?: string };
  try {
    const answer = await http.get(ROUTE, { secretId: request.path, versionId, versionStage }, request.path, context);
    if (answer === undefined) return undefined;
    if (!answer || typeof answer !== 'object')
      return new ProviderError('the extension answered with a damaged body', { provider: 'aws.sm', path: request.path });
    return rawOfAnswer(answer, request.path);
  } catch (error) {
    return error as Error;
  }
}

/** {@link readSecret} for every request at once (the protocol has no batch call). */
export function readSecrets(
  http: ExtensionClient,
  requests: readonly ReadRequest[],
  context: CallContext,
): Promise<Array<RawSecret | undefined | Error>> {
  return Promise.all(requests.map((request) => readSecret(http, request, context)));
}
