import { inspect } from 'node:util';

/**
 * What the fuzz suites count: every call, how it ended, and every finding with the input that
 * caused it (the seed replays it).
 */

/** How one call ended. */
export type Ending = 'resolved' | 'coffer-error' | 'foreign-throw';

/** A finding: which check failed, on which entry point and input. */
export interface Finding {
  readonly check: string;
  readonly entry: string;
  readonly input: string;
  readonly detail: string;
}

/** The checks every suite reports, found or not. */
const CHECKS = [
  'throw that is not a CofferError with a code',
  'sync throw from an async entry',
  'request sent for invalid input',
  'invalid input accepted',
  'accepted write does not read back',
  'built-in prototype changed',
];

/** The counts of one suite. */
export class Tally {
  readonly counts = { inputs: 0, resolved: 0, cofferErrors: 0, invalidInput: 0, readBack: 0 };
  readonly byEntry = new Map<string, number>();
  readonly findings: Finding[] = [];
  /** Every finding counted, printed or not. */
  readonly total = new Map<string, number>();

  /** Records a finding (kept to the first 20 of each check and entry, so a broken build prints briefly). */
  find(check: string, entry: string, input: string, detail: string): void {
    const same = this.findings.filter((f) => f.check === check && f.entry === entry).length;
    this.total.set(check, (this.total.get(check) ?? 0) + 1);
    if (same < 20) this.findings.push({ check, entry, input, detail });
  }

  /** How many findings of one check. */
  count(check: string): number {
    return this.total.get(check) ?? 0;
  }

  /**
   * Runs one call on one input and classifies its end: a value, a `CofferError` with a string
   * `code`, or anything else (a finding). `sync` says the entry point is synchronous; an
   * asynchronous one must never throw before returning its promise.
   */
  async call(
    entry: string,
    input: string,
    run: () => unknown,
    sync = false,
  ): Promise<{ ending: Ending; value?: unknown; error?: unknown }> {
    this.counts.inputs++;
    this.byEntry.set(entry, (this.byEntry.get(entry) ?? 0) + 1);
    let pending: unknown;
    try {
      pending = run();
    } catch (error) {
      if (!sync) this.find('sync throw from an async entry', entry, input, describeThrow(error));
      return this.#failed(entry, input, error);
    }
    try {
      const value = sync ? pending : await pending;
      this.counts.resolved++;
      return { ending: 'resolved', value };
    } catch (error) {
      return this.#failed(entry, input, error);
    }
  }

  #failed(entry: string, input: string, error: unknown): { ending: Ending; error: unknown } {
    if (isCofferError(error)) {
      this.counts.cofferErrors++;
      if ((error as { code: string }).code === 'INVALID_INPUT') this.counts.invalidInput++;
      return { ending: 'coffer-error', error };
    }
    this.find('throw that is not a CofferError with a code', entry, input, describeThrow(error));
    return { ending: 'foreign-throw', error };
  }

  /** The summary printed at the end of a suite. */
  report(title: string, seed: number): string {
    const entries = [...this.byEntry].map(([name, n]) => `  ${name}: ${n}`).join('\n');
    const findings = this.findings.map((f) => `  [${f.check}] ${f.entry} ${f.input}: ${f.detail}`).join('\n');
    return [
      `${title} (seed ${seed}; replay with COFFER_FUZZ_SEED=${seed})`,
      `inputs ${this.counts.inputs}: resolved ${this.counts.resolved}, CofferError ${this.counts.cofferErrors} (INVALID_INPUT ${this.counts.invalidInput}), accepted writes read back ${this.counts.readBack}, findings ${[...this.total.values()].reduce((a, b) => a + b, 0)}`,
      `checks: ${CHECKS.map((check) => `${check} ${this.count(check)}`).join('; ')}`,
      entries,
      findings ? `findings:\n${findings}` : 'findings: none',
    ].join('\n');
  }
}

/** A CofferError by shape: an Error whose `code` is a string and whose class chain names CofferError. */
export function isCofferError(error: unknown): boolean {
  if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== 'string') return false;
  for (let proto = Object.getPrototypeOf(error); proto; proto = Object.getPrototypeOf(proto)) {
    if (proto.constructor?.name === 'CofferError') return true;
  }
  return false;
}

/** A thrown thing in one short line. */
export function describeThrow(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 160)}`;
  return inspect(error, { depth: 1 }).slice(0, 160);
}
