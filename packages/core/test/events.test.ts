import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { COFFER_CHANNELS, createClient, memoryCache } from '@coffer/core';
import { flakyProvider, manualClock, networkDown } from './helpers';

type Recorded = { channel: string; message: Record<string, unknown> };

/** Records every coffer event until `stop()`. */
function record(): { events: Recorded[]; stop: () => void } {
  const events: Recorded[] = [];
  const listeners = Object.values(COFFER_CHANNELS).map((name) => {
    const listener = (message: unknown) => events.push({ channel: name, message: message as Record<string, unknown> });
    subscribe(name, listener);
    return () => unsubscribe(name, listener);
  });
  return {
    events,
    stop: () => {
      for (const stop of listeners) stop();
    },
  };
}

describe('diagnostics_channel events', () => {
  let recording: ReturnType<typeof record>;
  let clock: ReturnType<typeof manualClock>;
  beforeEach(() => {
    clock = manualClock();
    recording = record();
  });
  afterEach(() => {
    recording.stop();
    clock.restore();
  });

  it('tells a read that misses and is batched, one that hits, and one served stale', async () => {
    const value = 's3cr3t-value';
    const { provider, failWith } = flakyProvider({ '/ev/a': value, '/ev/b': 'two' }, { maxBatchSize: 10 });
    const client = createClient({ provider, cache: memoryCache(), ttl: '1m' });
    const { events } = recording;

    await Promise.all([client.get('/ev/a'), client.get('/ev/b')]);
    const cold = events.splice(0);
    await client.get('/ev/a');
    const warm = events.splice(0);
    clock.advance(61_000);
    failWith(networkDown());
    await expect(client.get('/ev/a')).resolves.toBe(value);
    const stale = events.splice(0);

    expect(cold).toEqual([
      { channel: 'coffer:cache:miss', message: { provider: 'memory', operation: 'get', path: '/ev/a', reason: 'absent' } },
      { channel: 'coffer:cache:miss', message: { provider: 'memory', operation: 'get', path: '/ev/b', reason: 'absent' } },
      {
        channel: 'coffer:backend:call',
        message: { provider: 'memory', operation: 'getMany', count: 2, apiCalls: 1, durationMs: expect.any(Number) },
      },
    ]);
    expect(warm).toEqual([{ channel: 'coffer:cache:hit', message: { provider: 'memory', operation: 'get', path: '/ev/a' } }]);
    expect(stale).toEqual([
      { channel: 'coffer:cache:miss', message: { provider: 'memory', operation: 'get', path: '/ev/a', reason: 'expired' } },
      {
        channel: 'coffer:backend:call',
        message: expect.objectContaining({ operation: 'getMany', count: 1, apiCalls: 1, code: 'PROVIDER_ERROR' }),
      },
      { channel: 'coffer:error', message: { provider: 'memory', operation: 'get', path: '/ev/a', code: 'PROVIDER_ERROR' } },
      { channel: 'coffer:cache:stale', message: { provider: 'memory', operation: 'get', path: '/ev/a', code: 'PROVIDER_ERROR' } },
    ]);
    expect(JSON.stringify([cold, warm, stale])).not.toContain(value);
    expect(client.stats()).toMatchObject({ hits: 1, misses: 3, stale: 1, apiCalls: 2 });
  });

  it('tells a listing, an update and the entries it invalidates, with the error code of a missing secret', async () => {
    const { provider } = flakyProvider({ '/ev/l/a': '1', '/ev/l/b': '2' }, { maxBatchSize: 10 });
    const client = createClient({ provider, cache: memoryCache() });
    const { events } = recording;

    await client.getByPath('/ev/l');
    await client.update('/ev/l/a', 'new');
    await expect(client.get('/ev/nope')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await client.clear();

    const seen = events.map(({ channel, message }) => [
      channel,
      message.operation ?? message.mode,
      message.code ?? message.count ?? message.subject ?? '',
    ]);
    expect(seen).toEqual([
      ['coffer:cache:miss', 'list', ''],
      ['coffer:backend:call', 'list', 2],
      ['coffer:backend:call', 'update', 1],
      ['coffer:cache:invalidation', 'delete', '/ev/l/a'],
      ['coffer:cache:miss', 'get', ''],
      ['coffer:backend:call', 'getMany', 1],
      ['coffer:error', 'get', 'SECRET_NOT_FOUND'],
      ['coffer:cache:invalidation', 'delete', ''],
    ]);
  });

  it('builds no event when no one subscribes', async () => {
    recording.stop();
    const { provider } = flakyProvider({ '/ev/q': 'x' }, { maxBatchSize: 10 });
    const client = createClient({ provider, cache: memoryCache() });
    await client.get('/ev/q');
    await client.get('/ev/q');
    expect(recording.events).toEqual([]);
  });
});
