import { type BackendCallEvent, channels, codeOf } from '../events.js';
import type { CallContext } from '../provider.js';

/**
 * Runs one backend call and, when someone subscribes to `coffer:backend:call`, publishes its
 * operation, size, requests and duration. Unobserved, it is the call itself.
 */
export function observedCall<T>(
  event: { provider: string; operation: BackendCallEvent['operation']; count: number | ((result: T) => number) },
  context: CallContext,
  call: (context: CallContext) => Promise<T>,
): Promise<T> {
  if (!channels.backendCall.hasSubscribers) return call(context);
  let apiCalls = 0;
  let region: string | undefined;
  const counting: CallContext = {
    ...context,
    countApiCall: (count = 1) => {
      apiCalls += count;
      context.countApiCall(count);
    },
    answeredFrom: (answered) => {
      region = answered;
      context.answeredFrom?.(answered);
    },
  };
  // The global `performance`: importing node:perf_hooks would cost every cold start its load.
  const started = performance.now();
  const publish = (count: number, code?: string) => {
    const message: BackendCallEvent = {
      provider: event.provider,
      operation: event.operation,
      count,
      apiCalls,
      durationMs: performance.now() - started,
      ...(code === undefined ? {} : { code }),
      ...(region === undefined ? {} : { region }),
    };
    channels.backendCall.publish(message);
  };
  return call(counting).then(
    (result) => {
      publish(typeof event.count === 'function' ? event.count(result) : event.count);
      return result;
    },
    (error: unknown) => {
      publish(typeof event.count === 'function' ? 0 : event.count, codeOf(error));
      throw error;
    },
  );
}
