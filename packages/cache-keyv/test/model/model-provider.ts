// The provider each client of the model test reads through: a memoryProvider's shape whose calls
// go to the run's shared backend (in this process, or over IPC from a child process) and fail
// with a transient ProviderError when the backend's attempts all failed, as an AWS provider does
// after its retries.
import { type CallContext, memoryProvider, type Provider, ProviderError, type RawSecret } from '@coffer/core';
import type { BackendAnswer, BackendRequest } from './backend';

/** Sends one request to the shared backend. */
export type Send = (request: BackendRequest) => Promise<BackendAnswer>;

/**
 * A provider over the shared backend; every client of a run gets its own, with the same scope.
 * `maxBatchSize` 10 batches as aws.ps does; 1 makes one call per name.
 */
export function modelProvider(send: Send, scope: string, maxBatchSize: number): Provider {
  const shape = memoryProvider({ scope, maxBatchSize });
  const call = async (request: BackendRequest, path: string, context: CallContext): Promise<unknown> => {
    const answer = await send(request);
    context.countApiCall(answer.attempts);
    if (answer.ok) return answer.result;
    const message = answer.reason === 'down' ? 'backend unavailable (model fault)' : 'throttled (model fault)';
    throw new ProviderError(message, { provider: 'memory', path, transient: true });
  };
  return {
    name: shape.name,
    scope,
    maxBatchSize,
    options: shape.options,
    normalize: shape.normalize?.bind(shape),
    async getMany(requests, context) {
      const paths = requests.map((request) => request.path);
      return (await call({ op: 'getMany', paths }, paths[0] ?? '', context)) as Array<RawSecret | undefined>;
    },
    async list(request, context) {
      const listing = { op: 'list', path: request.path, recursive: request.recursive } as const;
      return (await call(listing, request.path, context)) as Record<string, RawSecret>;
    },
    async update(request, context) {
      if (typeof request.value !== 'string') throw new Error('the model writes text values only');
      await call({ op: 'update', path: request.path, value: request.value }, request.path, context);
    },
  };
}
