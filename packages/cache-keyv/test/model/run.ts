// One run of the model test: a scenario (how many clients, which caches, which shared store), the
// world made from it, the commands, and the checks at the end. Clients live in this process, or
// in child processes (see child-pool.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ModelBackend } from './backend';
import { type ClientHandle, localClient, type SharedStore } from './clients';
import { commands, type World } from './commands';
import { type ClientKind, Model, type Tally } from './model';

export const NAMES = ['/app/a/k0', '/app/a/k1', '/app/a/k2', '/app/b/k3', '/app/b/k4', '/app/c/k5'];
export const MISSING = '/app/a/never';
export const PREFIXES = ['/app/a', '/app/b', '/app'];

/** What varies between runs besides the commands. */
export interface Scenario {
  seed: number;
  store: SharedStore['kind'];
  kinds: ClientKind[];
  /** Whether the run starts with 30 % of attempts failing. */
  flaky: boolean;
  /** The provider's batch size: 10 (as aws.ps), or 1 (one call per name). */
  batch: number;
}

/** Scenarios: one to three clients, mostly over the shared store. */
export function scenarios(stores: ReadonlyArray<SharedStore['kind']>): fc.Arbitrary<Scenario> {
  const kind = fc.oneof(
    { weight: 4, arbitrary: fc.constant<ClientKind>('tiered') },
    { weight: 3, arbitrary: fc.constant<ClientKind>('keyv') },
    { weight: 1, arbitrary: fc.constant<ClientKind>('memory') },
    { weight: 1, arbitrary: fc.constant<ClientKind>('none') },
  );
  return fc.record({
    seed: fc.integer(),
    store: fc.constantFrom(...stores),
    kinds: fc.array(kind, { minLength: 1, maxLength: 3 }),
    flaky: fc.boolean(),
    batch: fc.constantFrom(10, 1),
  });
}

/** A maker of clients: in this process, or served by a child process. */
export type ClientMaker = (
  index: number,
  kind: ClientKind,
  store: SharedStore,
  backend: ModelBackend,
  run: { scope: string; batch: number },
) => ClientHandle;

/** The fake clock every client reads (`Date.now`), moved by the clock commands. */
export interface ClockControl {
  step(ms: number): Promise<void>;
}

/** Makes the shared store of a run: a new SQLite file, or a new Redis namespace. */
export function sharedStore(kind: SharedStore['kind'], redisUrl: string | undefined): SharedStore {
  if (kind === 'redis' && redisUrl) {
    const namespace = `model-${randomBytes(6).toString('hex')}`;
    return { kind: 'redis', url: redisUrl, namespace, encryptionKey: randomBytes(32).toString('base64') };
  }
  return { kind: 'sqlite', path: join(mkdtempSync(join(tmpdir(), 'coffer-model-')), 'cache.sqlite') };
}

/** Runs one scenario's commands against fresh clients, then the end-of-run checks. */
export async function runOnce(
  scenario: Scenario,
  steps: Iterable<fc.AsyncCommand<Model, World>>,
  options: { make: ClientMaker; clock: ClockControl; redisUrl: string | undefined; tally: Tally },
): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  const seedValues = new Map(NAMES.map((name) => [name, `${name}=0@${tag}`]));
  const backend = new ModelBackend(scenario.seed, seedValues);
  if (scenario.flaky) backend.mode.faultRate = 0.3;
  const model = new Model(NAMES, MISSING, scenario.kinds, backend);
  for (const [name, value] of seedValues) model.seed(name, value);
  const store = sharedStore(scenario.store, options.redisUrl);
  const scope = `model-${tag}`;
  const clients = scenario.kinds.map((kind, i) => options.make(i, kind, store, backend, { scope, batch: scenario.batch }));
  const world: World = { backend, clients, names: NAMES, missing: MISSING, prefixes: PREFIXES, tag, step: options.clock.step };
  try {
    await fc.asyncModelRun(() => ({ model, real: world }), steps);
    await checkStats(world);
  } finally {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    for (const key of Object.keys(model.tally) as Array<keyof Tally>) options.tally[key] += model.tally[key];
  }
}

/** `stats().apiCalls` counts exactly the requests the backend saw from that client. */
async function checkStats(world: World): Promise<void> {
  // Background refreshes may still be on their way: let them land first.
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (const [i, client] of world.clients.entries()) {
    const { apiCalls } = await client.stats();
    const made = world.backend.attempts.get(i) ?? 0;
    if (apiCalls !== made) throw new Error(`model: [stats] client ${i} stats().apiCalls is ${apiCalls}, the backend saw ${made} requests`);
  }
}

/** Clients made in this process. */
export const inProcess: ClientMaker = (index, kind, store, backend, run) =>
  localClient(kind, store, (request) => backend.handle(index, request), run.scope, run.batch);

export { commands };
