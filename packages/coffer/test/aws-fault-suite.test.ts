import { randomBytes } from 'node:crypto';
import { type CofferClient, memoryCache, ParameterStore, SecretsManager } from 'coffer';
import { type AwsProxy, awsProxy, type Fault } from '../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../scripts/harness/moto';
import { mulberry32 as seeded } from '../../../scripts/test-support/fuzz/random';

// The fault suite: a proxy in front of moto injects, by a seeded rate and with bounded counts,
// every kind of failure a backend or a network can produce, under well over 1,000 reads of
// aws.ps and aws.sm. Every read must settle within its bound, never with a wrong value, with
// no unhandled rejection, and a cached value must be served stale through every kind of fault.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
jest.setTimeout(120_000);

const SEED = Number(process.env.COFFER_FAULT_SEED ?? 9);
const MAX_ATTEMPTS = 3;
const TIMEOUT_MS = 300;
const NAMES = 15;
const ROUNDS = 18;
const RATE = 0.35;
// What one AWS call may take: every attempt, and the back-off between them (timeoutMs / 4 each).
const CALL_BOUND_MS = MAX_ATTEMPTS * TIMEOUT_MS + (MAX_ATTEMPTS - 1) * (TIMEOUT_MS / 4);
// Event-loop and emulator latency on a busy test machine.
const SLACK_MS = 500;

type Kind = '5xx' | 'throttling' | 'reset' | 'no answer' | 'headers then silence' | 'drip-fed body' | 'truncated body' | 'garbage body';
const KINDS: Record<Kind, { fault: Fault; cap: number }> = {
  '5xx': { fault: { status: 503, type: 'ServiceUnavailable' }, cap: 150 },
  throttling: { fault: { status: 400, type: 'ThrottlingException' }, cap: 150 },
  reset: { fault: 'reset', cap: 150 },
  'no answer': { fault: 'hang', cap: 60 },
  'headers then silence': { fault: 'silence', cap: 60 },
  'drip-fed body': { fault: 'drip', cap: 60 },
  'truncated body': { fault: 'truncate', cap: 150 },
  'garbage body': { fault: 'garbage', cap: 150 },
};
const KIND_NAMES = Object.keys(KINDS) as Kind[];
const READS = new Set(['GetParameters', 'BatchGetSecretValue', 'GetSecretValue']);

interface Tally {
  reads: number;
  fresh: number;
  failedTransient: number;
  wrong: string[];
  slowest: Record<string, number>;
  overBound: string[];
}

const credentials = { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'not-a-real-secret' };
const region = 'us-east-1';

/** Writes the values straight to moto (no proxy): `value of <name>` for every name. */
async function seed(prefix: string): Promise<{ ps: string[]; sm: string[] }> {
  const direct = { endpoint: motoEndpoint(), region, credentials, cache: false } as const;
  const ps = new ParameterStore(direct);
  const sm = new SecretsManager(direct);
  const names = {
    ps: Array.from({ length: NAMES }, (_, i) => `/${prefix}/p${i}`),
    sm: Array.from({ length: NAMES }, (_, i) => `${prefix}/s${i}`),
  };
  await Promise.all([
    ...names.ps.map((name) => ps.update(name, `value of ${name}`, { create: true })),
    ...names.sm.map((name) => sm.update(name, `value of ${name}`, { create: true })),
  ]);
  await Promise.all([ps.close(), sm.close()]);
  return names;
}

const turns = (count: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left <= 0 ? resolve() : setImmediate(() => step(left - 1)));
    step(count);
  });

/**
 * Reads every name once through `client`, `together` names to a batch (the others start in
 * later turns of the event loop), checking each answer and how long it took to settle.
 */
async function readAll(
  label: string,
  client: CofferClient,
  names: string[],
  together: number,
  bound: number,
  tally: Tally,
  held?: Set<string>,
) {
  await Promise.all(
    names.map(async (name, index) => {
      await turns(Math.floor(index / together) * 2);
      const started = performance.now();
      const outcome = await client.get(name).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      const took = performance.now() - started;
      tally.reads++;
      tally.slowest[label] = Math.max(tally.slowest[label] ?? 0, took);
      if (took > bound) tally.overBound.push(`${label} ${name}: ${Math.round(took)} ms`);
      if ('value' in outcome) {
        if (outcome.value === `value of ${name}`) tally.fresh++;
        else tally.wrong.push(`${label} ${name}: a wrong value`);
        // What a caching client answered once, it holds from then on.
        held?.add(name);
        return;
      }
      const error = outcome.error as { code?: string; transient?: boolean };
      const cached = held?.has(name) === true;
      // Only a read without a cached value may fail, and only as a transient provider error.
      if (!cached && error.code === 'PROVIDER_ERROR' && error.transient === true) tally.failedTransient++;
      else tally.wrong.push(`${label} ${name}: ${error.code ?? 'an error'}${cached ? ' although a value was cached' : ''}`);
    }),
  );
}

describe('the fault suite: aws.ps and aws.sm behind a fault-injecting proxy', () => {
  let proxy: AwsProxy;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    proxy = await awsProxy(motoEndpoint());
  });
  afterAll(async () => {
    await proxy.close();
    process.off('unhandledRejection', onUnhandled);
  });

  it('settles every read within its bound, never with a wrong value, serving cached values stale through every kind of fault', async () => {
    const names = await seed(`f${randomBytes(4).toString('hex')}`);
    // Every read goes to the backend (no back-off window and no breaker after a fault: those are
    // tested in the fleet suite and core), so that each one meets the injected faults.
    const options = {
      endpoint: proxy.endpoint,
      region,
      credentials,
      maxAttempts: MAX_ATTEMPTS,
      timeoutMs: TIMEOUT_MS,
      errorBackoff: false as const,
      breaker: false as const,
    };
    const clients = {
      psCached: new ParameterStore({ ...options, cache: memoryCache() }),
      psCold: new ParameterStore({ ...options, cache: false }),
      smCached: new SecretsManager({ ...options, cache: memoryCache() }),
      smCold: new SecretsManager({ ...options, cache: false }),
    };
    // aws.sm may make two calls for one read: a batch call that is throttled, then its
    // GetSecretValue fallback (see aws-sm's batch gate).
    const bounds = { ps: CALL_BOUND_MS + SLACK_MS, sm: 2 * CALL_BOUND_MS + SLACK_MS };
    const tally: Tally = { reads: 0, fresh: 0, failedTransient: 0, wrong: [], slowest: {}, overBound: [] };
    const injected = Object.fromEntries(KIND_NAMES.map((kind) => [kind, 0])) as Record<Kind, number>;
    const random = seeded(SEED);
    const held = { ps: new Set<string>(), sm: new Set<string>() };
    const round = () =>
      Promise.all([
        readAll('aws.ps cached', clients.psCached, names.ps, 3, bounds.ps, tally, held.ps),
        readAll('aws.ps uncached', clients.psCold, names.ps, 1, bounds.ps, tally),
        readAll('aws.sm cached', clients.smCached, names.sm, 3, bounds.sm, tally, held.sm),
        readAll('aws.sm uncached', clients.smCold, names.sm, 1, bounds.sm, tally),
      ]);

    // Warm the caches with no fault (a busy emulator may miss a deadline: read until all are
    // held), then let every later read go to the backend.
    for (let warm = 0; warm < 5 && held.ps.size + held.sm.size < 2 * NAMES; warm++) await round();
    expect(held.ps.size + held.sm.size).toBe(2 * NAMES);
    for (let i = 0; i < ROUNDS; i++) {
      proxy.fault((request) => {
        if (!READS.has(request.operation) || random() >= RATE) return undefined;
        const kind = KIND_NAMES[Math.floor(random() * KIND_NAMES.length)] as Kind;
        if (injected[kind] >= KINDS[kind].cap) return undefined;
        injected[kind]++;
        return KINDS[kind].fault;
      });
      await Promise.all([clients.psCached.refresh(), clients.smCached.refresh()]);
      await round();
    }

    // Then every kind alone, on every request: each cached value must come back stale.
    const staleBy: Record<string, number> = {};
    for (const kind of KIND_NAMES) {
      proxy.fault((request) => (READS.has(request.operation) ? KINDS[kind].fault : undefined));
      await Promise.all([clients.psCached.refresh(), clients.smCached.refresh()]);
      const before = clients.psCached.stats().stale + clients.smCached.stats().stale;
      await Promise.all([
        readAll('aws.ps cached', clients.psCached, names.ps.slice(0, 5), 5, bounds.ps, tally, held.ps),
        readAll('aws.sm cached', clients.smCached, names.sm.slice(0, 5), 5, bounds.sm, tally, held.sm),
      ]);
      staleBy[kind] = clients.psCached.stats().stale + clients.smCached.stats().stale - before;
    }
    proxy.fault(undefined);
    await Promise.all(Object.values(clients).map((client) => client.close()));
    await new Promise((resolve) => setTimeout(resolve, 50));

    const stale = clients.psCached.stats().stale + clients.smCached.stats().stale;
    console.log(
      [
        `fault suite (seed ${SEED}, maxAttempts ${MAX_ATTEMPTS}, timeoutMs ${TIMEOUT_MS}): ${tally.reads} reads`,
        `  answered with the right value: ${tally.fresh} (of them served stale: ${stale}); failed as transient (no cached value): ${tally.failedTransient}`,
        `  faults injected at random (rate ${RATE}): ${KIND_NAMES.map((kind) => `${kind} ${injected[kind]}`).join(', ')}`,
        `  stale answers with each kind on every request: ${KIND_NAMES.map((kind) => `${kind} ${staleBy[kind]}`).join(', ')}`,
        `  slowest read (ms): ${Object.entries(tally.slowest)
          .map(([label, ms]) => `${label} ${Math.round(ms)}`)
          .join(', ')}; bounds ${bounds.ps} (aws.ps) and ${bounds.sm} (aws.sm)`,
        `  wrong answers: ${tally.wrong.length}; reads over their bound: ${tally.overBound.length}; unhandled rejections: ${unhandled.length}`,
      ].join('\n'),
    );

    expect(tally.reads).toBeGreaterThanOrEqual(1000);
    expect(tally.wrong).toEqual([]);
    expect(tally.overBound).toEqual([]);
    expect(unhandled).toEqual([]);
    for (const kind of KIND_NAMES) expect(injected[kind]).toBeGreaterThan(0);
    for (const kind of KIND_NAMES) expect(staleBy[kind]).toBe(10);
    expect(tally.fresh + tally.failedTransient).toBe(tally.reads);
  });
});
