import type { Ratio, Target } from './results';
import type { Figure, Unit } from './stats';

function number(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const SCALES: Record<Unit, readonly [number, string][]> = {
  ns: [
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
  ],
  ms: [
    [1e3, 's'],
    [1, 'ms'],
  ],
  B: [
    [1e6, 'MB'],
    [1e3, 'kB'],
    [1, 'B'],
  ],
  'ops/s': [
    [1e6, 'M/s'],
    [1e3, 'k/s'],
    [1, '/s'],
  ],
  req: [[1, 'req']],
  '%': [[1, '%']],
  x: [[1, '×']],
};

/** The scale a value reads best in: the largest divisor that leaves it at 1 or more (ms from 10 s up). */
function scaleOf(value: number, unit: Unit): readonly [number, string] {
  const scales = SCALES[unit];
  const found = scales.find(([divisor]) => Math.abs(value) >= (unit === 'ms' ? divisor * 10 : divisor));
  return found ?? (scales[scales.length - 1] as readonly [number, string]);
}

function glue(text: string, suffix: string): string {
  return suffix === '×' ? `${text}×` : `${text} ${suffix}`;
}

/** A value in its unit, scaled to a readable magnitude. */
export function scaled(value: number, unit: Unit): string {
  const [divisor, suffix] = scaleOf(value, unit);
  return glue(unit === 'req' ? Math.round(value).toLocaleString('en-US') : number(value / divisor), suffix);
}

/** `median (min–max)` in the median's scale, the spread left out when every round gave the same figure. */
export function formatFigure(figure: Figure | undefined): string {
  if (!figure) return '—';
  const main = scaled(figure.median, figure.unit);
  if (figure.min === figure.max) return main;
  const [divisor] = scaleOf(figure.median, figure.unit);
  return `${main} (${number(figure.min / divisor)}–${number(figure.max / divisor)})`;
}

export function formatTarget(target: Target | undefined): string {
  if (!target) return '';
  const value =
    target.unit === 'B' ? scaled(target.value, 'B') : target.unit ? `${target.value} ${target.unit}` : `${number(target.value)}×`;
  return `${target.op === '<=' ? '≤' : '≥'} ${value}`;
}

/** `met`, `MISSED`, or `MISSED (within spread)` when some rounds met the target and the median did not. */
export function verdict(ratio: Ratio): string {
  if (ratio.met === undefined || !ratio.target) return '';
  if (ratio.met) return 'met';
  const { min, max } = ratio.figure;
  return ratio.target.value >= min && ratio.target.value <= max ? 'MISSED (within spread)' : 'MISSED';
}
