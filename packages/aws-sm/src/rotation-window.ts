import type { SecretListEntry } from '@aws-sdk/client-secrets-manager';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When a secret's next scheduled rotation may happen: from `windowStart` until `next`. */
export interface RotationWindow {
  /** The start of the rotation window, in ms since the epoch. */
  readonly windowStart: number;
  /** `NextRotationDate`: the rotation happens on or before it (later only when it is retried). */
  readonly next: number;
  /** `LastRotatedDate`: on or after `windowStart`, this window's rotation is done. */
  readonly lastRotated?: number;
}

/** What `DescribeSecret` / `ListSecrets` say of a secret's rotation, as the SDK gives it. */
export type RotationFields = Pick<SecretListEntry, 'RotationEnabled' | 'NextRotationDate' | 'LastRotatedDate' | 'RotationRules'>;

const millis = (date: Date | number | undefined): number | undefined => {
  const ms = date instanceof Date ? date.getTime() : date;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
};

/**
 * The window of a secret's next rotation, or `undefined` when rotation is off. AWS rotates at any
 * time within the window and `NextRotationDate` is its end. The window is `RotationRules.Duration`
 * long when set (`'3h'`); otherwise it is one hour for a schedule in hours and, for a schedule in
 * days (`AutomaticallyAfterDays`), it is the UTC day that ends it.
 */
export function rotationWindow(fields: RotationFields): RotationWindow | undefined {
  const next = millis(fields.NextRotationDate);
  if (fields.RotationEnabled !== true || next === undefined) return undefined;
  const last = millis(fields.LastRotatedDate);
  const window = (windowStart: number): RotationWindow => ({ windowStart, next, ...(last === undefined ? {} : { lastRotated: last }) });
  const rules = fields.RotationRules ?? {};
  const hours = /^(\d{1,2})h$/.exec(rules.Duration ?? '');
  if (hours) return window(next - Number(hours[1]) * HOUR);
  if (/^rate\(\s*\d+\s+hours?\s*\)$/.test(rules.ScheduleExpression ?? '')) return window(next - HOUR);
  // The UTC day the window ends in; a NextRotationDate of exactly midnight ends the day before.
  return window(Math.floor((next - 1) / DAY) * DAY);
}
