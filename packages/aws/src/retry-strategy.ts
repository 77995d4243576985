import { StandardRetryStrategy } from '@smithy/util-retry';
import { isDamagedResponse } from './damaged-response.js';

type RetryErrorInfo = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1];

const BASE_DELAY_MS = 100;

/** Full-jitter exponential back-off (as the SDK's), each delay at most `capMs`. */
function cappedBackoff(capMs: number) {
  let base = BASE_DELAY_MS;
  return {
    computeNextBackoffDelay: (retries: number) => Math.floor(Math.min(capMs, Math.random() * 2 ** retries * base)),
    setDelayBase: (delay: number) => {
      base = delay;
    },
  };
}

/**
 * The SDK's standard retry strategy (retry quota, throttling back-off base, jitter), with two
 * changes:
 * - a damaged response (a success status whose body could not be read: truncated, not JSON) is
 *   retried like a network failure, since the next attempt may well read a whole body;
 * - each back-off delay is at most a quarter of `timeoutMs`, so that a read, attempts and
 *   back-off together, takes at most `maxAttempts × timeoutMs + (maxAttempts − 1) × timeoutMs / 4`.
 *
 * @example
 * ```ts
 * const ssm = new SSMClient({ maxAttempts: 3, retryStrategy: awsRetryStrategy(3, 2000) });
 * ```
 */
export function awsRetryStrategy(maxAttempts: number, timeoutMs: number): StandardRetryStrategy {
  return new CofferRetryStrategy({ maxAttempts, backoff: cappedBackoff(Math.max(1, Math.floor(timeoutMs / 4))) });
}

class CofferRetryStrategy extends StandardRetryStrategy {
  override refreshRetryTokenForRetry(
    token: Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[0],
    errorInfo: RetryErrorInfo,
  ): ReturnType<StandardRetryStrategy['refreshRetryTokenForRetry']> {
    const damaged = errorInfo.errorType === 'CLIENT_ERROR' && isDamagedResponse(errorInfo.error);
    return super.refreshRetryTokenForRetry(token, damaged ? { ...errorInfo, errorType: 'TRANSIENT' } : errorInfo);
  }
}
