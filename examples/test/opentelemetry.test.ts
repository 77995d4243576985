import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createClient, memoryCache, memoryProvider } from 'coffer';
import { instrumentCoffer } from '../opentelemetry/coffer-otel';

describe('the OpenTelemetry recipe', () => {
  it('turns a miss, a batched call and a hit into metrics and a span, with the real SDK', async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const stop = instrumentCoffer({ meter: meterProvider.getMeter('coffer'), tracer: tracerProvider.getTracer('coffer') });
    try {
      const value = 's3cr3t-otel';
      const client = createClient({ provider: memoryProvider({ seed: { '/o/a': value, '/o/b': 'b' } }), cache: memoryCache() });

      await Promise.all([client.get('/o/a'), client.get('/o/b')]);
      await client.get('/o/a');
      await client.get('/o/nope', { default: '' });
      await reader.forceFlush();

      const points = new Map<string, number>();
      for (const resource of exporter.getMetrics()) {
        for (const scope of resource.scopeMetrics) {
          for (const metric of scope.metrics) {
            const total = metric.dataPoints.reduce(
              (sum, point) => sum + (typeof point.value === 'number' ? point.value : (point.value as { count: number }).count),
              0,
            );
            points.set(metric.descriptor.name, total);
          }
        }
      }
      expect(Object.fromEntries(points)).toEqual({
        'coffer.cache.misses': 3,
        'coffer.cache.hits': 1,
        'coffer.backend.calls': 2,
        'coffer.backend.requests': 2,
        'coffer.backend.duration': 2,
        'coffer.errors': 1,
      });
      const finished = spans.getFinishedSpans();
      expect(finished.map((span) => [span.name, span.attributes['coffer.count']])).toEqual([
        ['coffer memory getMany', 2],
        ['coffer memory getMany', 1],
      ]);
      expect(JSON.stringify(exporter.getMetrics())).not.toContain(value);
      expect(JSON.stringify(finished.map((span) => span.attributes))).not.toContain(value);
    } finally {
      stop();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    }
  });
});
