import type { Figure } from './stats';

/** The contenders, in table order. */
export const CONTENDERS = ['coffer', 'powertools', 'sdk', 'floor'] as const;
export type Contender = (typeof CONTENDERS)[number];

export const CONTENDER_TITLES: Record<Contender, string> = {
  coffer: 'coffer',
  powertools: 'Powertools',
  sdk: 'plain SDK',
  floor: 'floor',
};

/** A target on a ratio, such as `<= 2`. */
export interface Target {
  readonly op: '<=' | '>=';
  readonly value: number;
  /** The unit when the "ratio" is an absolute check (requests, a share, bytes). @default '×' */
  readonly unit?: 'req' | '%' | 'B';
}

/** A ratio of two figures of one row, with its target when the issues set one. */
export interface Ratio {
  /** What is divided by what, such as `coffer / floor cost`. */
  readonly label: string;
  readonly figure: Figure;
  readonly target?: Target;
  /** Whether the median meets the target. */
  readonly met?: boolean;
  /** Why a target is missed, when the bench can tell. */
  readonly why?: string;
}

/** One line of the table: a measure, the contenders' figures, and its ratios. */
export interface Row {
  readonly scenario: string;
  readonly measure: string;
  readonly figures: Partial<Record<Contender, Figure>>;
  readonly ratios: readonly Ratio[];
  readonly note?: string;
}

/** The JSON written to bench/results/<timestamp>.json. */
export interface BenchResults {
  readonly startedAt: string;
  readonly mode: 'quick' | 'full';
  readonly machine: { node: string; platform: string; cpus: number; cpuModel: string };
  readonly versions: Record<string, string>;
  readonly rows: readonly Row[];
  /** Scenarios that could not run, and why (a provider not built yet, for example). */
  readonly skipped: readonly { scenario: string; reason: string }[];
}

/** Makes a ratio and judges it against its target. */
export function judged(label: string, figure: Figure, target?: Target, why?: string): Ratio {
  if (!target) return { label, figure };
  const met = target.op === '<=' ? figure.median <= target.value : figure.median >= target.value;
  return { label, figure, target, met, ...(met || !why ? {} : { why }) };
}
