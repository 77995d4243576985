import type { BenchResults } from './results';
import type { Figure } from './stats';

/** One point of the fleet's cost curve: N processes, their calls and their wall time. */
interface Point {
  readonly processes: number;
  readonly calls: Figure;
  readonly ms: Figure;
}

const PANEL = { width: 320, height: 220, left: 56, top: 56 };
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The points of scenario 9 (fleet cost curve) in a run, by process count. */
export function curvePoints(results: BenchResults): Point[] {
  const byCount = new Map<number, { calls?: Figure; ms?: Figure }>();
  for (const row of results.rows.filter((r) => r.scenario === '9')) {
    const processes = Number(/curve, (\d+) process/.exec(row.measure)?.[1]);
    const point = byCount.get(processes) ?? {};
    if (row.figures.coffer?.unit === 'req') point.calls = row.figures.coffer;
    if (row.figures.coffer?.unit === 'ms') point.ms = row.figures.coffer;
    byCount.set(processes, point);
  }
  return [...byCount.entries()]
    .filter((entry): entry is [number, { calls: Figure; ms: Figure }] => entry[1].calls !== undefined && entry[1].ms !== undefined)
    .map(([processes, point]) => ({ processes, ...point }))
    .sort((a, b) => a.processes - b.processes);
}

/**
 * An SVG of the fleet's cost curve: backend calls against the number of processes (the floor,
 * 100 `GetParameters`, and the 10 % band above it drawn in), and the wall time until the last
 * process has its values. Processes on a log scale; medians as points, min–max as whiskers.
 */
export function curveChart(results: BenchResults): string | undefined {
  const points = curvePoints(results);
  if (points.length === 0) return undefined;
  const counts = points.map((point) => point.processes);
  const logMax = Math.log2(Math.max(2, ...counts));
  const x = (left: number, n: number) => left + PANEL.left + (Math.log2(n) / logMax) * (PANEL.width - PANEL.left - 16);
  const panel = (left: number, title: string, values: (p: Point) => Figure, scale: number, unit: string, floor?: number) => {
    const top = Math.max(...points.map((p) => values(p).max / scale), floor ? floor * 1.3 : 0) * 1.1;
    const y = (v: number) => PANEL.top + PANEL.height - (v / top) * PANEL.height;
    const parts = [`<text x="${left + PANEL.left}" y="${PANEL.top - 12}" font-weight="bold">${xml(title)}</text>`];
    for (let i = 0; i <= 4; i++) {
      const v = (top / 4) * i;
      parts.push(`<line x1="${left + PANEL.left}" x2="${left + PANEL.width}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
      parts.push(
        `<text x="${left + PANEL.left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${v.toFixed(v < 10 ? 1 : 0)}${unit}</text>`,
      );
    }
    if (floor) {
      parts.push(
        `<rect x="${left + PANEL.left}" y="${y(floor * 1.1)}" width="${PANEL.width - PANEL.left}" height="${y(floor) - y(floor * 1.1)}" fill="#e8f5e9"/>`,
      );
      parts.push(
        `<line x1="${left + PANEL.left}" x2="${left + PANEL.width}" y1="${y(floor)}" y2="${y(floor)}" stroke="#2e7d32" stroke-dasharray="4 3"/>`,
      );
      parts.push(`<text x="${left + PANEL.width}" y="${y(floor) + 14}" text-anchor="end" fill="#2e7d32">floor ${floor}, +10 %</text>`);
    }
    for (const n of counts) {
      parts.push(`<text x="${x(left, n)}" y="${PANEL.top + PANEL.height + 16}" text-anchor="middle" fill="#555">${n}</text>`);
    }
    parts.push(
      `<text x="${left + PANEL.left + (PANEL.width - PANEL.left) / 2}" y="${PANEL.top + PANEL.height + 34}" text-anchor="middle" fill="#555">processes</text>`,
    );
    const line = points.map((p) => `${x(left, p.processes)},${y(values(p).median / scale)}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="#1565c0" stroke-width="2"/>`);
    for (const p of points) {
      const f = values(p);
      parts.push(
        `<line x1="${x(left, p.processes)}" x2="${x(left, p.processes)}" y1="${y(f.min / scale)}" y2="${y(f.max / scale)}" stroke="#1565c0"/>`,
      );
      parts.push(`<circle cx="${x(left, p.processes)}" cy="${y(f.median / scale)}" r="3.5" fill="#1565c0"/>`);
    }
    return parts.join('\n');
  };
  const width = PANEL.width * 2 + 40;
  const height = PANEL.top + PANEL.height + 50;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${xml(`coffer fleet cost curve, ${results.mode} run of ${results.startedAt}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${xml(`Fleet cost curve: N processes × 1,000 parameters through one Redis (${results.mode} run, ${results.startedAt})`)}</text>`,
    panel(0, 'GetParameters calls in all', (p) => p.calls, 1, '', 100),
    panel(PANEL.width + 20, 'wall time until the last process has its values', (p) => p.ms, 1000, ' s'),
    '</svg>',
    '',
  ].join('\n');
}
