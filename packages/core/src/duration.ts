import { ValidationError } from './errors.js';

/**
 * A duration: milliseconds as a number, or a string such as `'500ms'`, `'30s'`, `'15m'`, `'1h'`, `'1d'`.
 * @example
 * ```ts
 * memoryCache({ ttl: '15m' }); // or 900_000
 * ```
 */
export type Duration = number | `${number}` | `${number}${DurationUnit}`;

/**
 * The units a {@link Duration} string may end in.
 * @example
 * ```ts
 * const unit: DurationUnit = 'm';
 * ```
 */
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/;

/**
 * Parses a {@link Duration} into milliseconds; a bare number string is milliseconds.
 *
 * @example
 * ```ts
 * parseDuration('15m'); // 900000
 * parseDuration(250);   // 250
 * ```
 */
export function parseDuration(value: Duration | string, what = 'duration'): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const match = PATTERN.exec(value);
    if (match) return Math.round(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1));
  }
  throw new ValidationError(`${what} must be a non-negative number of milliseconds or a string like '30s', '15m', '1h'`);
}
