import { rotationWindow } from '../src/rotation-window';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

describe('the rotation window of a schedule', () => {
  it('is none when rotation is off or has no next date', () => {
    expect(rotationWindow({ RotationEnabled: false, NextRotationDate: at('2026-05-03T23:59:59Z') })).toBeUndefined();
    expect(rotationWindow({ RotationEnabled: true })).toBeUndefined();
  });

  it('ends at NextRotationDate and lasts the rule Duration', () => {
    const next = at('2026-05-03T06:00:00Z');
    const window = rotationWindow({ RotationEnabled: true, NextRotationDate: next, RotationRules: { Duration: '3h' } });
    expect(window).toEqual({ windowStart: next.getTime() - 3 * HOUR, next: next.getTime() });
  });

  it('lasts one hour for a schedule in hours', () => {
    const next = at('2026-05-03T06:00:00Z');
    const rules = { ScheduleExpression: 'rate(4 hours)' };
    expect(rotationWindow({ RotationEnabled: true, NextRotationDate: next, RotationRules: rules })?.windowStart).toBe(
      next.getTime() - HOUR,
    );
  });

  it('is the UTC day that NextRotationDate ends for a schedule in days', () => {
    const day = at('2026-05-03T00:00:00Z').getTime();
    const rules = { AutomaticallyAfterDays: 30 };
    expect(rotationWindow({ RotationEnabled: true, NextRotationDate: at('2026-05-03T23:59:59Z'), RotationRules: rules })).toEqual({
      windowStart: day,
      next: at('2026-05-03T23:59:59Z').getTime(),
    });
    expect(rotationWindow({ RotationEnabled: true, NextRotationDate: at('2026-05-04T00:00:00Z') })?.windowStart).toBe(day);
  });

  it('carries LastRotatedDate, which tells a window whose rotation is done', () => {
    const fields = { RotationEnabled: true, NextRotationDate: at('2026-05-03T06:00:00Z'), LastRotatedDate: at('2026-05-03T04:10:00Z') };
    expect(rotationWindow({ ...fields, RotationRules: { Duration: '3h' } })?.lastRotated).toBe(at('2026-05-03T04:10:00Z').getTime());
    expect(rotationWindow({ RotationEnabled: true, NextRotationDate: fields.NextRotationDate })).not.toHaveProperty('lastRotated');
  });
});
