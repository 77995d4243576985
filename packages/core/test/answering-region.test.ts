import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { type BackendCallEvent, COFFER_CHANNELS, type CallContext, createClient, type Provider, type ReadRequest } from '@coffer/core';

/** A provider answering from the region it is told, as one that fails over reports it. */
function regional(answering: { region: string }): Provider {
  return {
    name: 'regional',
    maxBatchSize: 10,
    async getMany(requests: readonly ReadRequest[], context: CallContext) {
      context.countApiCall();
      context.answeredFrom?.(answering.region);
      return requests.map((request) => ({ value: `value of ${request.path}` }));
    },
  };
}

describe('the region that answered', () => {
  it('is counted per region in stats() and named in the backend-call event', async () => {
    const answering = { region: 'us-east-1' };
    const client = createClient({ provider: regional(answering), cache: false });
    const calls: BackendCallEvent[] = [];
    const listener = (message: unknown) => calls.push(message as BackendCallEvent);
    subscribe(COFFER_CHANNELS.backendCall, listener);
    try {
      await client.get('/a');
      answering.region = 'us-west-2';
      await Promise.all([client.get('/a'), client.get('/b')]);
      await client.get('/c');
    } finally {
      unsubscribe(COFFER_CHANNELS.backendCall, listener);
    }

    expect(client.stats().regions).toEqual({ 'us-east-1': 1, 'us-west-2': 2 });
    expect(calls.map((call) => call.region)).toEqual(['us-east-1', 'us-west-2', 'us-west-2']);
  });

  it('is absent from stats() for a provider that does not report it', async () => {
    const client = createClient({
      provider: { name: 'plain', getMany: async (requests) => requests.map(() => ({ value: 'v' })) },
      cache: false,
    });
    await client.get('/a');
    expect(client.stats().regions).toBeUndefined();
  });

  it('hands out counts no caller can change', async () => {
    const client = createClient({ provider: regional({ region: 'us-east-1' }), cache: false });
    await client.get('/a');
    const seen = client.stats().regions as Record<string, number>;
    expect(() => {
      seen['us-east-1'] = 100;
    }).toThrow(TypeError);
    await client.get('/b');
    expect(client.stats().regions).toEqual({ 'us-east-1': 2 });
  });
});
