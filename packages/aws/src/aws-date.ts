/**
 * A date of an AWS answer as an ISO string: a `Date` (the SDK), epoch seconds as a number (AWS
 * JSON protocols) or as a string of digits (the Secrets Manager Agent), or a date string.
 * `undefined` for anything else.
 *
 * @example
 * ```ts
 * isoDate(1796671211); // '2026-12-07T…Z'
 * isoDate('1796671211.5'); // the same second, and a half
 * ```
 */
export function isoDate(date: unknown): string | undefined {
  let parsed: Date;
  if (date instanceof Date) parsed = date;
  else if (typeof date === 'number') parsed = new Date(date * 1000);
  else if (typeof date === 'string' && /^\d+(\.\d+)?$/.test(date)) parsed = new Date(Number(date) * 1000);
  else if (typeof date === 'string') parsed = new Date(date);
  else return undefined;
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}
