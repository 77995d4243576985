/**
 * A small seeded random source (mulberry32) for the fuzz and leak suites: the same seed gives
 * the same inputs, so a failure is replayed with `COFFER_FUZZ_SEED=<seed>`.
 */
export interface Random {
  /** The seed this source started from (printed by every suite). */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One item of a list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** The seed of `pnpm test`: fixed, so every run (and CI) tries the same inputs. */
export const DEFAULT_SEED = 20_261_130;

/** The seed of this run: `COFFER_FUZZ_SEED` when set (`random` for a fresh one), else the default. */
export function fuzzSeed(): number {
  const given = process.env.COFFER_FUZZ_SEED;
  if (given === 'random') return (Date.now() ^ (process.pid << 16)) >>> 0;
  if (given !== undefined && /^\d+$/.test(given)) return Number(given) >>> 0;
  return DEFAULT_SEED;
}

/**
 * mulberry32: floats in [0, 1) from a 32-bit seed, the same for every run of that seed, so that
 * a failing run of a fault or model test replays from the seed it prints.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random source from a seed; `salt` gives each suite its own stream from one seed. */
export function random(seed: number, salt = 0): Random {
  const next = mulberry32((seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)] as T,
    chance: (p: number) => next() < p,
  };
}
