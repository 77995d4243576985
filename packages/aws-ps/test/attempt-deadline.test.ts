import { ParameterStore } from '@coffer/aws-ps';
import { memoryCache } from '@coffer/core';
import type { Fault } from '../../../scripts/harness/aws-proxy';
import { credentials, proxy, region, seedSsm, uniquePrefix } from './support';

// Each shape a server can stall or damage an answer in. Every attempt must end by its deadline
// (timeoutMs, body included) and be retried; the read then fails as transient, or is served
// from the stale value.
const shapes: Array<[string, Fault]> = [
  ['no answer', 'hang'],
  ['headers then silence', 'silence'],
  ['a drip-fed body', 'drip'],
  ['a truncated body on HTTP 200', 'truncate'],
  ['a body that is not JSON on HTTP 200', 'garbage'],
  ['a dropped connection', 'reset'],
];

describe('aws.ps: every attempt ends by its deadline and is retried', () => {
  it.each(shapes)(
    'gives up after maxAttempts attempts on %s, as a transient error',
    async (_shape, fault) => {
      const prefix = uniquePrefix();
      await seedSsm([{ name: `${prefix}/a`, value: 'the-value' }]);
      const server = await proxy();
      server.fault(() => fault);
      const ps = new ParameterStore({ endpoint: server.endpoint, region, credentials, maxAttempts: 3, timeoutMs: 300, cache: false });

      const error = await ps.get(`${prefix}/a`).catch((reason: unknown) => reason);

      expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true, path: `${prefix}/a` });
      expect(String(error)).not.toContain('the-value');
      expect(server.count('GetParameters')).toBe(3);
      await ps.close();
      await server.close();
    },
    15_000,
  );

  it.each(shapes)(
    'reads the value on the next attempt after %s',
    async (_shape, fault) => {
      const prefix = uniquePrefix();
      await seedSsm([{ name: `${prefix}/a`, value: 'the-value' }]);
      const server = await proxy();
      let faults = 0;
      server.fault(() => (faults++ === 0 ? fault : undefined));
      const ps = new ParameterStore({ endpoint: server.endpoint, region, credentials, maxAttempts: 2, timeoutMs: 1000, cache: false });

      expect(await ps.get(`${prefix}/a`)).toBe('the-value');

      expect(server.count('GetParameters')).toBe(2);
      expect(ps.stats().apiCalls).toBe(1);
      await ps.close();
      await server.close();
    },
    15_000,
  );

  it.each(shapes)(
    'serves the stale value through %s',
    async (_shape, fault) => {
      const prefix = uniquePrefix();
      await seedSsm([{ name: `${prefix}/a`, value: 'the-value' }]);
      const server = await proxy();
      const ps = new ParameterStore({
        endpoint: server.endpoint,
        region,
        credentials,
        maxAttempts: 2,
        timeoutMs: 1000,
        cache: memoryCache(),
        // Every attempt is waited for here (by default a stale-able read answers after 1 s).
        staleWait: false,
      });
      expect(await ps.get(`${prefix}/a`)).toBe('the-value');
      await ps.refresh();
      server.fault(() => fault);

      expect(await ps.get(`${prefix}/a`)).toBe('the-value');

      expect(ps.stats().stale).toBe(1);
      expect(server.count('GetParameters')).toBe(1 + 2);
      await ps.close();
      await server.close();
    },
    15_000,
  );
});
