// The model catches what it says it catches: each property, run on a client broken in the one way
// it forbids, fails the run with that property's name. (A model that passes everything proves
// nothing; the known-defects runs show the same on the old core, this shows it in every CI run.)
import type fc from 'fast-check';
import type { ClientHandle } from './clients';
import { installClock, stepClock } from './clock';
import { Clock, Get, Refresh, Update, type World, WriteOutside } from './commands';
import type { ClientKind, Model, Tally } from './model';
import { type ClientMaker, inProcess, runOnce } from './run';

const clock = { step: async (ms: number) => stepClock(ms) };

function run(kinds: ClientKind[], steps: Array<fc.AsyncCommand<Model, World>>, broken: (real: ClientHandle) => ClientHandle) {
  const tally: Tally = { reads: 0, answered: 0, misses: 0, missesAnswered: 0 };
  const make: ClientMaker = (...args) => broken(inProcess(...args));
  return runOnce({ seed: 1, store: 'sqlite', kinds, flaky: false, batch: 10 }, steps, { make, clock, redisUrl: undefined, tally });
}

/** A client that remembers the first answer for each name and gives it for ever. */
function remembering(real: ClientHandle): ClientHandle {
  const first = new Map<string, Awaited<ReturnType<ClientHandle['get']>>>();
  return {
    ...real,
    async get(name) {
      if (!first.has(name)) first.set(name, await real.get(name));
      return first.get(name)!;
    },
  };
}

describe('the model', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = installClock();
  });
  afterAll(() => restore());

  it('flags a value never written', async () => {
    const inventing = (real: ClientHandle): ClientHandle => ({ ...real, get: async (name) => ({ value: `${name}=made-up` }) });
    await expect(run(['keyv'], [new Get(0, 0)], inventing)).rejects.toThrow('[written]');
  });

  it('flags an updater that reads the value it replaced', async () => {
    await expect(run(['keyv'], [new Get(0, 0), new Update(0, 0), new Get(0, 0)], remembering)).rejects.toThrow('[ryw]');
  });

  it('flags another client that still reads the old value after the update, over a shared file', async () => {
    const steps = [new Get(1, 0), new Update(0, 0), new Get(1, 0)];
    await expect(run(['keyv', 'keyv'], steps, remembering)).rejects.toThrow('[invalidation]');
  });

  it("flags another client that still reads what it stored before a client's clear(), over a shared file", async () => {
    const steps = [new Get(1, 0), new WriteOutside(0), new Refresh(0, undefined, true), new Clock(1_000), new Get(1, 0)];
    await expect(run(['keyv', 'keyv'], steps, remembering)).rejects.toThrow('after a refresh or clear');
    // The real clients keep it (the entry client 0 never read is reached by the namespace's mark).
    await expect(run(['keyv', 'keyv'], steps, (real) => real)).resolves.toBeUndefined();
  });

  it('flags a value answered past its ttl while the backend is up', async () => {
    const steps = [new Get(0, 0), new WriteOutside(0), new Clock(11_000), new Get(0, 0)];
    await expect(run(['memory'], steps, remembering)).rejects.toThrow('[stale]');
  });

  it('flags a read that fails without a failing backend', async () => {
    const failing = (real: ClientHandle): ClientHandle => ({
      ...real,
      get: async () => ({ error: { name: 'ProviderError', code: 'PROVIDER_ERROR', message: 'throttled' } }),
    });
    await expect(run(['keyv'], [new Get(0, 0)], failing)).rejects.toThrow('[answered]');
  });

  it('flags stats that do not count the requests made', async () => {
    const miscounting = (real: ClientHandle): ClientHandle => ({ ...real, stats: async () => ({ apiCalls: 0 }) });
    await expect(run(['keyv'], [new Get(0, 0)], miscounting)).rejects.toThrow('[stats]');
  });
});
