/**
 * The OpenTelemetry recipe: coffer's diagnostics_channel events as metrics and spans. Copy this
 * file into your service, call `instrumentCoffer` once at start-up with your meter and tracer,
 * and the cache shows on your dashboards: hit ratio, misses and why, stale serves, backend calls
 * (how many requests, how long) and errors by code. No value is ever recorded.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { type Attributes, type Meter, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { type BackendCallEvent, COFFER_CHANNELS, type ErrorEvent, type InvalidationEvent, type MissEvent, type StaleEvent } from 'coffer';

type CacheEventAttributes = { provider: string; operation: string };

/**
 * Subscribes to coffer's events and records them with `meter` (and, with a `tracer`, one span
 * per backend call). Returns the function that unsubscribes.
 *
 * Metrics: `coffer.cache.hits`, `coffer.cache.misses` (by `reason`), `coffer.cache.stale`,
 * `coffer.backend.calls` and `coffer.backend.requests` (by `operation`), the histogram
 * `coffer.backend.duration` (ms), `coffer.errors` (by `code`), `coffer.cache.invalidations`.
 */
export function instrumentCoffer({ meter, tracer }: { meter: Meter; tracer?: Tracer }): () => void {
  const hits = meter.createCounter('coffer.cache.hits', { description: 'Reads answered from the cache' });
  const misses = meter.createCounter('coffer.cache.misses', { description: 'Reads that had to fetch' });
  const stale = meter.createCounter('coffer.cache.stale', { description: 'Reads answered stale while the backend failed' });
  const calls = meter.createCounter('coffer.backend.calls', { description: 'Calls to the backend (a batch counts once)' });
  const requests = meter.createCounter('coffer.backend.requests', { description: 'Backend requests (pages, retries)' });
  const duration = meter.createHistogram('coffer.backend.duration', { description: 'Backend call duration', unit: 'ms' });
  const errors = meter.createCounter('coffer.errors', { description: 'Fetches that failed, by code' });
  const invalidations = meter.createCounter('coffer.cache.invalidations', { description: 'Invalidations by update, refresh, clear' });

  const of = ({ provider, operation }: CacheEventAttributes): Attributes => ({
    'coffer.provider': provider,
    'coffer.operation': operation,
  });
  const listeners: Record<string, (message: unknown) => void> = {
    [COFFER_CHANNELS.hit]: (message) => hits.add(1, of(message as CacheEventAttributes)),
    [COFFER_CHANNELS.miss]: (message) => {
      const event = message as MissEvent;
      misses.add(1, { ...of(event), 'coffer.reason': event.reason });
    },
    [COFFER_CHANNELS.stale]: (message) => {
      const event = message as StaleEvent;
      stale.add(1, { ...of(event), 'coffer.error.code': event.code });
    },
    [COFFER_CHANNELS.error]: (message) => {
      const event = message as ErrorEvent;
      errors.add(1, { ...of(event), 'coffer.error.code': event.code });
    },
    [COFFER_CHANNELS.invalidation]: (message) => {
      const event = message as InvalidationEvent;
      invalidations.add(1, { 'coffer.provider': event.provider, 'coffer.mode': event.mode });
    },
    [COFFER_CHANNELS.backendCall]: (message) => {
      const event = message as BackendCallEvent;
      const attributes: Attributes = {
        ...of(event),
        ...(event.code === undefined ? {} : { 'coffer.error.code': event.code }),
      };
      calls.add(1, attributes);
      requests.add(event.apiCalls, attributes);
      duration.record(event.durationMs, attributes);
      if (tracer) {
        // The event comes when the call ends: the span is back-dated to when it began.
        const end = Date.now();
        const span = tracer.startSpan(`coffer ${event.provider} ${event.operation}`, {
          kind: SpanKind.CLIENT,
          startTime: end - event.durationMs,
          attributes: { ...attributes, 'coffer.count': event.count, 'coffer.requests': event.apiCalls },
        });
        if (event.code !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: event.code });
        span.end(end);
      }
    },
  };
  for (const [name, listener] of Object.entries(listeners)) subscribe(name, listener);
  return () => {
    for (const [name, listener] of Object.entries(listeners)) unsubscribe(name, listener);
  };
}
