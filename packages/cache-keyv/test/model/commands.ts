// The commands of the model test: what users do (get, getMany, getByPath, update, refresh, clear)
// and what the world does to them (the clock, faults, outages, a write racing a read). Each one
// runs on the real clients and checks every answer against the model.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { ModelBackend } from './backend';
import type { ClientHandle } from './clients';
import type { Model, Outcome, Span } from './model';
import { trace } from './trace';

/** The real side of a run. */
export interface World {
  readonly backend: ModelBackend;
  readonly clients: readonly ClientHandle[];
  readonly names: readonly string[];
  readonly missing: string;
  readonly prefixes: readonly string[];
  /** Tags the values this run writes. */
  readonly tag: string;
  /** Moves every client's clock (and the backend's) forward. */
  step(ms: number): Promise<void>;
}

type Command = fc.AsyncCommand<Model, World>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function begin(world: World): Span {
  const { mode, seq } = world.backend;
  return {
    seq0: seq,
    seq1: seq,
    t0: Date.now(),
    t1: 0,
    real0: performance.now(),
    down: mode.down,
    flaky: mode.faultRate > 0 && mode.burst === 0 && mode.hang === 0,
    hung: world.backend.hanging > 0 || mode.hang > 0,
  };
}

function end(world: World, span: Span): Span {
  const { backend } = world;
  const hung = span.hung || backend.hanging > 0 || backend.hungUntil >= span.t0;
  return { ...span, seq1: backend.seq, t1: Date.now(), down: span.down || backend.mode.down, hung };
}

/** Properties to look past (`COFFER_MODEL_SKIP=answered,stale`), to see what else breaks while one is known. */
const skipped = new Set((process.env.COFFER_MODEL_SKIP ?? '').split(',').filter(Boolean));

function assertOk(problem: string | undefined): void {
  if (problem === undefined) return;
  const property = /^\[(\w+)\]/.exec(problem)?.[1];
  if (property !== undefined && skipped.has(property)) return;
  throw new Error(`model: ${problem}`);
}

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length]!;

export class Get implements Command {
  constructor(
    readonly client: number,
    readonly name: number,
  ) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const c = this.client % world.clients.length;
    const name = this.name === 99 ? world.missing : pick(world.names, this.name);
    const truth = model.truth(name);
    const span = begin(world);
    const outcome = await world.clients[c]!.get(name);
    trace(`${this} at +${span.t0 % 1_000_000}:`, outcome);
    assertOk(model.check(c, name, outcome, end(world, span), truth));
  }
  toString = () => `get(c${this.client}, n${this.name})`;
}

export class GetMany implements Command {
  constructor(
    readonly client: number,
    readonly picks: number[],
  ) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const c = this.client % world.clients.length;
    const names = [...new Set(this.picks.map((index) => (index === 99 ? world.missing : pick(world.names, index))))];
    const truths = names.map((name) => model.truth(name));
    const span = begin(world);
    const outcomes = await world.clients[c]!.getMany(names);
    const done = end(world, span);
    trace(`${this} at +${span.t0 % 1_000_000}:`, outcomes);
    for (const [i, name] of names.entries()) assertOk(model.check(c, name, outcomes[name]!, done, truths[i]!));
  }
  toString = () => `getMany(c${this.client}, [${this.picks.map((p) => `n${p}`).join(',')}])`;
}

export class GetByPath implements Command {
  constructor(
    readonly client: number,
    readonly prefix: number,
  ) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const c = this.client % world.clients.length;
    const prefix = pick(world.prefixes, this.prefix);
    const under = world.names.filter((name) => name.startsWith(`${prefix}/`));
    const truths = under.map((name) => model.truth(name));
    const span = begin(world);
    const outcome = await world.clients[c]!.getByPath(prefix);
    const done = end(world, span);
    if ('error' in outcome) {
      for (const [i, name] of under.entries()) assertOk(model.check(c, name, outcome, done, truths[i]!));
      return;
    }
    const listing = outcome.value as Record<string, unknown>;
    const keys = Object.keys(listing).sort();
    if (keys.join() !== [...under].sort().join()) assertOk(`[written] getByPath(${prefix}) listed [${keys}], not [${under}]`);
    for (const [i, name] of under.entries()) assertOk(model.check(c, name, { value: listing[name] }, done, truths[i]!));
  }
  toString = () => `getByPath(c${this.client}, p${this.prefix})`;
}

async function update(model: Model, world: World, c: number, name: string): Promise<void> {
  const value = model.nextValue(name, world.tag);
  const outcome: Outcome = await world.clients[c]!.update(name, value);
  if ('error' in outcome) {
    if (outcome.error.code !== 'PROVIDER_ERROR') assertOk(`[answered] update failed with ${outcome.error.code}: ${outcome.error.message}`);
    return;
  }
  model.updated(c, name, value, performance.now());
}

export class Update implements Command {
  constructor(
    readonly client: number,
    readonly name: number,
  ) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    await update(model, world, this.client % world.clients.length, pick(world.names, this.name));
  }
  toString = () => `update(c${this.client}, n${this.name})`;
}

export class WriteOutside implements Command {
  constructor(readonly name: number) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const name = pick(world.names, this.name);
    world.backend.writeOutside(name, model.nextValue(name, world.tag));
  }
  toString = () => `writeOutside(n${this.name})`;
}

export class Refresh implements Command {
  constructor(
    readonly client: number,
    readonly name: number | undefined,
    readonly clear: boolean,
  ) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const c = this.client % world.clients.length;
    const name = this.name === undefined ? undefined : pick(world.names, this.name);
    const at = Date.now();
    const client = world.clients[c]!;
    const outcome = this.clear ? await client.clear() : await client.refresh(name);
    if ('error' in outcome) assertOk(`[answered] ${this.clear ? 'clear' : 'refresh'} failed: ${outcome.error.message}`);
    model.reset(c, name === undefined ? undefined : [name], at);
  }
  toString = () => (this.clear ? `clear(c${this.client})` : `refresh(c${this.client}, ${this.name ?? 'all'})`);
}

export class Clock implements Command {
  constructor(readonly ms: number) {}
  check = () => true as const;
  async run(_model: Model, world: World) {
    await world.step(this.ms);
  }
  toString = () => `clock(+${this.ms})`;
}

export class Faults implements Command {
  constructor(readonly what: 'flaky' | 'steady' | 'down' | 'up' | 'hang' | number) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const { mode } = world.backend;
    if (this.what === 'flaky') mode.faultRate = 0.3;
    else if (this.what === 'steady') mode.faultRate = 0;
    else if (this.what === 'down') mode.down = true;
    else if (this.what === 'hang') mode.hang = 2;
    else if (this.what === 'up') {
      if (mode.down) model.up();
      mode.down = false;
    } else mode.burst = this.what;
  }
  toString = () => (typeof this.what === 'number' ? `burst(${this.what})` : this.what === 'hang' ? 'hang(2 calls)' : `${this.what}()`);
}

/** A read whose backend call is held in flight while another client (or itself) updates the name. */
export class Race implements Command {
  constructor(
    readonly reader: number,
    readonly writer: number,
    readonly name: number,
  ) {}
  check = () => true as const;
  async run(model: Model, world: World) {
    const reader = this.reader % world.clients.length;
    const writer = this.writer % world.clients.length;
    const name = pick(world.names, this.name);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entered = world.backend.hold(reader, name, released);
    const truth = model.truth(name);
    const span = begin(world);
    const reading = world.clients[reader]!.get(name);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('late'), 3_000);
    });
    const first = await Promise.race([entered.then(() => 'held'), reading.then(() => 'done'), late]);
    clearTimeout(timer);
    if (first !== 'held') world.backend.unhold();
    await update(model, world, writer, name);
    release();
    const outcome = await reading;
    trace(`${this} at +${span.t0 % 1_000_000}:`, outcome);
    assertOk(model.check(reader, name, outcome, end(world, span), truth));
  }
  toString = () => `race(read c${this.reader}, update c${this.writer}, n${this.name})`;
}

export class Pause implements Command {
  constructor(readonly ms: number) {}
  check = () => true as const;
  async run() {
    await sleep(this.ms);
  }
  toString = () => `pause(${this.ms}ms real)`;
}

const client = fc.nat({ max: 2 });
const name = fc.oneof({ weight: 12, arbitrary: fc.nat({ max: 5 }) }, { weight: 1, arbitrary: fc.constant(99) });

/**
 * The commands of a run; `slow` adds what costs real seconds: pauses past the invalidation bound
 * of memory tiers (`pauseMs`) and backend calls that hang past `staleWait`.
 */
export function commands(pauseMs: number, maxCommands: number) {
  const list: Array<fc.Arbitrary<Command>> = [
    fc.tuple(client, name).map(([c, n]) => new Get(c, n)),
    fc.tuple(client, name).map(([c, n]) => new Get(c, n)),
    fc.tuple(client, fc.array(name, { minLength: 1, maxLength: 4 })).map(([c, ns]) => new GetMany(c, ns)),
    fc.tuple(client, fc.nat({ max: 2 })).map(([c, p]) => new GetByPath(c, p)),
    fc.tuple(client, fc.nat({ max: 5 })).map(([c, n]) => new Update(c, n)),
    fc.nat({ max: 5 }).map((n) => new WriteOutside(n)),
    fc
      .tuple(client, fc.option(fc.nat({ max: 5 }), { nil: undefined }), fc.boolean())
      .map(([c, n, clear]) => new Refresh(c, n, clear && n === undefined)),
    fc.constantFrom(300, 1_000, 2_500, 6_000, 11_000, 30_000, 75_000).map((ms) => new Clock(ms)),
    fc.constantFrom(300, 1_000, 2_500, 6_000, 11_000).map((ms) => new Clock(ms)),
    fc.constantFrom<'flaky' | 'steady' | 'down' | 'up'>('flaky', 'steady', 'down', 'up', 'up').map((what) => new Faults(what)),
    fc.integer({ min: 1, max: 12 }).map((n) => new Faults(n)),
    fc.tuple(client, client, fc.nat({ max: 5 })).map(([r, w, n]) => new Race(r, w, n)),
  ];
  // Pauses and hangs cost real seconds: only the runs across processes have them.
  if (pauseMs > 0) {
    list.push(fc.oneof({ weight: 1, arbitrary: fc.constant(new Pause(pauseMs)) }, { weight: 3, arbitrary: list[0]! }));
    list.push(fc.oneof({ weight: 1, arbitrary: fc.constant(new Faults('hang')) }, { weight: 3, arbitrary: list[1]! }));
  }
  // A shrunk failure replays only with the commands' own replay path (printed with it).
  const replayPath = process.env.COFFER_MODEL_REPLAY;
  return fc.commands(list, { maxCommands, size: 'max', ...(replayPath ? { replayPath } : {}) });
}
