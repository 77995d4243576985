/** A figure measured over several rounds: the median and the spread (min–max) of the samples. */
export interface Figure {
  readonly unit: Unit;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** ns/ms are durations, B a size, req a count of backend requests, % a share, x a plain ratio. */
export type Unit = 'ns' | 'ms' | 'B' | 'req' | '%' | 'x' | 'ops/s';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function figure(samples: readonly number[], unit: Unit): Figure {
  return { unit, median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] };
}

/** Per-round ratios a[i] / b[i]: both were measured in the same round, so their noise is shared. */
export function ratio(a: Figure, b: Figure): Figure {
  const count = Math.min(a.samples.length, b.samples.length);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push((a.samples[i] as number) / (b.samples[i] as number));
  return figure(samples, 'x');
}

/** Runs `round(i)` after `warmup` unrecorded rounds, collecting one sample set per recorded round. */
export async function rounds<T>(count: number, warmup: number, round: (index: number, recorded: boolean) => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await round(i, false);
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(await round(i, true));
  return out;
}

/** Collects one named series per contender from the per-round records. */
export function series<K extends string>(records: readonly Record<K, number>[], key: K): number[] {
  return records.map((record) => record[key]);
}

/** One figure per contender from per-round records of `{ requests, ms }`, for one of the two measures. */
export function figuresOf(
  names: readonly string[],
  records: readonly Record<string, { requests: number; ms: number }>[],
  measure: 'requests' | 'ms',
): Record<string, Figure> {
  const unit: Unit = measure === 'requests' ? 'req' : 'ms';
  return Object.fromEntries(
    names.map((name) => [
      name,
      figure(
        records.map((r) => r[name]?.[measure] ?? 0),
        unit,
      ),
    ]),
  );
}

export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fails a step that runs past `ms`: every network step of the bench is bounded in time. */
export function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
