import type { AwsProxy, Moto } from './harness';
import type { Row } from './results';

/** What every scenario gets from the run. */
export interface BenchContext {
  readonly quick: boolean;
  /** Recorded rounds of a cheap measure, and the unrecorded warm-up rounds before them. */
  readonly rounds: number;
  readonly warmup: number;
  /** Recorded rounds of a measure bound by the emulator (about 400 requests a second). */
  readonly slowRounds: number;
  readonly emulator: Moto;
  /** The counting proxy in front of the emulator: point clients here to count their requests. */
  readonly proxy: AwsProxy;
  /** Where the compiled bench lives (child scripts, handlers). */
  readonly distDir: string;
  /** Progress, to stderr. */
  log(message: string): void;
  /** Records that (part of) a scenario could not run, and why. */
  skip(scenario: string, reason: string): void;
}

/** A scenario: it measures and returns its rows of the table. */
export type Scenario = (context: BenchContext) => Promise<Row[]>;
