// The model-based test of the read path (issue 17): random sequences of reads, writes, refreshes,
// clears, clock steps, faults and outages on one to three clients sharing a real SQLite file or a
// real Redis, each answer checked against a small model (model.ts). See docs/architecture.md,
// "The model-based test of the read path", for how to run it and replay a seed.
import fc from 'fast-check';
import { BOUNDS } from './bounds';
import { ChildPool } from './child-pool';
import { installClock, stepClock } from './clock';
import type { Tally } from './model';
import { commands, inProcess, runOnce, scenarios } from './run';

const redisUrl = process.env.COFFER_TEST_REDIS_URL;
const given = process.env.COFFER_MODEL_SEED;
const seed = given !== undefined ? Number(given) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const path = process.env.COFFER_MODEL_PATH;
const runs = Number(process.env.COFFER_MODEL_RUNS ?? 1_000);
const processRuns = Number(process.env.COFFER_MODEL_PROCESS_RUNS ?? 30);
const stores = redisUrl ? (['sqlite', 'redis'] as const) : (['sqlite'] as const);

jest.setTimeout(600_000);

/** fast-check's verdict with the seed and path that replay the failing run. */
async function check(property: fc.IAsyncProperty<unknown[]>, numRuns: number, label: 'in process' | 'processes'): Promise<void> {
  if (numRuns <= 0) return;
  console.log(`model test (${label}): seed ${seed}, ${numRuns} runs; replay with COFFER_MODEL_SEED=${seed}`);
  const details = await fc.check(property, { seed, numRuns, ...(path ? { path } : {}), endOnFailure: !process.env.COFFER_MODEL_SHRINK });
  if (details.failed) {
    const runs =
      label === 'in process' ? 'COFFER_MODEL_RUNS=1 COFFER_MODEL_PROCESS_RUNS=0' : 'COFFER_MODEL_RUNS=0 COFFER_MODEL_PROCESS_RUNS=1';
    const report = fc.defaultReportMessage(details) ?? '';
    const shrunk = details.numShrinks > 0 ? /replayPath="([^"]*)"/.exec(report)?.[1] : undefined;
    const commands = shrunk ? ` COFFER_MODEL_REPLAY='${shrunk}' COFFER_MODEL_SHRINK=1` : '';
    const replay = `COFFER_MODEL_SEED=${details.seed} COFFER_MODEL_PATH=${details.counterexamplePath} ${runs}${commands}`;
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${label}: ${cause}\n${report}\nreplay: ${replay}`);
  }
}

describe('the read path against its model', () => {
  let restore: () => void;
  const tally: Tally = { reads: 0, answered: 0, misses: 0, missesAnswered: 0 };
  beforeAll(() => {
    restore = installClock();
  });
  afterAll(() => restore());

  it('keeps every promise over random commands on clients in this process', async () => {
    const clock = { step: async (ms: number) => stepClock(ms) };
    const property = fc.asyncProperty(scenarios(stores), commands(0, 20), (scenario, steps) =>
      runOnce(scenario, steps, { make: inProcess, clock, redisUrl, tally }),
    );
    await check(property, runs, 'in process');

    const { reads, answered, misses, missesAnswered } = tally;
    console.log(
      `model test: while 30 % of attempts failed, ${answered}/${reads} reads were answered, ` +
        `${missesAnswered}/${misses} of those that called the backend`,
    );
    // 1 − 0.3³ = 97.3 % of reads are due on average; a sample of n reads varies by σ, so the
    // check fails when the share answered is more than 3σ under 97 % (defect 1 answered 46-88 %).
    const failing = 0.3 ** 3;
    const sigma = Math.sqrt((failing * (1 - failing)) / Math.max(1, reads));
    if (reads >= 300) expect(answered / reads).toBeGreaterThanOrEqual(0.97 - 3 * sigma);
  });

  it('keeps every promise with each client in a process of its own', async () => {
    if (processRuns <= 0) return;
    const pool = new ChildPool(3);
    try {
      await pool.start();
      // Real pauses past the invalidation bound check that memory tiers follow other processes.
      const property = fc.asyncProperty(scenarios(stores), commands(BOUNDS.syncRealMs + 100, 20), (scenario, steps) =>
        runOnce(scenario, steps, { make: pool.make, clock: pool.clock, redisUrl, tally }),
      );
      await check(property, processRuns, 'processes');
    } finally {
      await pool.stop();
    }
  });
});
