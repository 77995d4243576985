// The shortest command sequences the model found on the read path before issue 17's rewrite, kept
// as fixed runs through the same model (model.ts): each one failed on the old core, each names the
// defect of the issue it shows. Names: n0..n5 are /app/a/k0../app/c/k5 (run.ts).
import type fc from 'fast-check';
import { installClock, stepClock } from './clock';
import { Clock, Faults, Get, GetMany, Race, type World, WriteOutside } from './commands';
import type { ClientKind, Model, Tally } from './model';
import { inProcess, runOnce } from './run';

const redisUrl = process.env.COFFER_TEST_REDIS_URL;
const stores = redisUrl ? (['sqlite', 'redis'] as const) : (['sqlite'] as const);
const clock = { step: async (ms: number) => stepClock(ms) };

jest.setTimeout(60_000);

function run(kinds: ClientKind[], store: (typeof stores)[number], steps: Array<fc.AsyncCommand<Model, World>>, batch = 10) {
  const tally: Tally = { reads: 0, answered: 0, misses: 0, missesAnswered: 0 };
  return runOnce({ seed: 1, store, kinds, flaky: false, batch }, steps, { make: inProcess, clock, redisUrl, tally });
}

describe.each(stores)('the model’s known sequences over %s', (store) => {
  let restore: () => void;
  beforeAll(() => {
    restore = installClock();
  });
  afterAll(() => restore());

  it('answers a read of another key after one call failed its three attempts (defect 1)', async () => {
    await run(['keyv'], store, [new Faults(3), new GetMany(0, [0]), new Get(0, 1)]);
  });

  it('answers a fresh value one probe after a lasting outage ends (defect 2)', async () => {
    const everyName = [0, 1, 2, 3, 4, 5];
    const readAll = everyName.map((n) => new Get(0, n));
    // One call per name (as aws.sm's single reads): each name read together fails in a call of its own.
    await run(
      ['tiered'],
      store,
      [
        new GetMany(0, everyName),
        new Clock(11_000),
        new Faults('down'),
        ...everyName.map((n) => new WriteOutside(n)),
        new GetMany(0, everyName),
        new Clock(2_500),
        new GetMany(0, everyName),
        new Faults('up'),
        new Clock(2_500),
        ...readAll,
        ...readAll,
        new Clock(300),
        ...readAll,
      ],
      1,
    );
  });

  it('lets the updater read its own write while another client’s load was in flight (defect 5)', async () => {
    await run(['tiered', 'tiered'], store, [new Race(0, 1, 0), new Get(1, 0), new Get(0, 0)]);
  });

  it('never lets a load begun before an update store the old value after it (defect 8)', async () => {
    await run(['keyv', 'keyv'], store, [new Race(0, 1, 3), new Get(0, 3), new Get(1, 3)]);
  });
});
