import { formatFigure, formatTarget } from './format';
import type { BenchResults } from './results';

const PLOT_WIDTH = 460;
/** About the width of one character at 12 px, to size the text columns. */
const CHAR_WIDTH = 6.6;
const ROW_HEIGHT = 26;
const TOP = 58;
const COLORS = { met: '#2e7d32', missed: '#c62828', none: '#607d8b' };

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An SVG bar chart of every ratio of a run, on a log scale around 1×: the bar is the median, the
 * whisker the spread over rounds, the black tick the target; green where the target is met, red
 * where it is missed, grey where there is none.
 */
export function ratioChart(results: BenchResults): string {
  // Absolute checks (requests must be 0, every read answered) are in the table, not on a ratio scale.
  const bars = results.rows.flatMap((row) =>
    row.ratios
      .filter((ratio) => ratio.figure.unit === 'x')
      .map((ratio) => ({ label: `${row.scenario} ${row.measure}: ${ratio.label}`, ratio })),
  );
  const values = bars.flatMap(({ ratio }) => [ratio.figure.min, ratio.figure.max, ratio.target?.value ?? 1]).filter((v) => v > 0);
  const texts = bars.map(
    ({ ratio }) => `${formatFigure(ratio.figure)}${ratio.target ? `  target ${formatTarget(ratio.target)} MISSED` : ''}`,
  );
  const LABEL_WIDTH = Math.ceil(Math.max(200, ...bars.map(({ label }) => label.length * CHAR_WIDTH)) + 24);
  const VALUE_WIDTH = Math.ceil(Math.max(120, ...texts.map((text) => text.length * CHAR_WIDTH)) + 24);
  const low = Math.floor(Math.log10(Math.min(0.5, ...values)));
  const high = Math.ceil(Math.log10(Math.max(2, ...values)));
  const x = (value: number) => LABEL_WIDTH + ((Math.log10(Math.max(value, 10 ** low)) - low) / (high - low)) * PLOT_WIDTH;
  const checks = results.rows.flatMap((row) =>
    row.ratios
      .filter((ratio) => ratio.figure.unit !== 'x')
      .map(
        (ratio) =>
          `${row.scenario} ${row.measure}: ${ratio.label} ${formatFigure(ratio.figure)}, target ${formatTarget(ratio.target)}: ${ratio.met ? 'met' : 'MISSED'}`,
      ),
  );
  const width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  const footer = TOP + bars.length * ROW_HEIGHT + 44;
  const height = footer + checks.length * 18 + 12;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${xml(`coffer benchmark ratios, ${results.mode} run of ${results.startedAt}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">coffer benchmark ratios (${xml(results.mode)} run, ${xml(results.startedAt)})</text>`,
    `<text x="12" y="40" fill="#555">bar: median over rounds, whisker: min–max, tick: target. Green met, red missed, grey no target. Log scale.</text>`,
  ];
  for (let decade = low; decade <= high; decade++) {
    const at = x(10 ** decade);
    parts.push(`<line x1="${at}" y1="${TOP - 6}" x2="${at}" y2="${TOP + bars.length * ROW_HEIGHT}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${at}" y="${TOP + bars.length * ROW_HEIGHT + 16}" text-anchor="middle" fill="#555">${xml(`${10 ** decade}×`)}</text>`,
    );
  }
  const one = x(1);
  parts.push(`<line x1="${one}" y1="${TOP - 6}" x2="${one}" y2="${TOP + bars.length * ROW_HEIGHT}" stroke="#999"/>`);
  bars.forEach(({ label, ratio }, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const middle = y + ROW_HEIGHT / 2;
    const color = ratio.met === undefined ? COLORS.none : ratio.met ? COLORS.met : COLORS.missed;
    const end = x(ratio.figure.median);
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${middle + 4}" text-anchor="end">${xml(label)}</text>`);
    parts.push(
      `<rect x="${Math.min(one, end)}" y="${y + 5}" width="${Math.max(1, Math.abs(end - one))}" height="${ROW_HEIGHT - 10}" fill="${color}" opacity="0.85"/>`,
    );
    parts.push(
      `<line x1="${x(ratio.figure.min)}" y1="${middle}" x2="${x(ratio.figure.max)}" y2="${middle}" stroke="#222" stroke-width="1.5"/>`,
    );
    if (ratio.target) {
      const at = x(ratio.target.value);
      parts.push(`<line x1="${at}" y1="${y + 2}" x2="${at}" y2="${y + ROW_HEIGHT - 2}" stroke="#000" stroke-width="2.5"/>`);
    }
    const target = ratio.target ? `  target ${formatTarget(ratio.target)}${ratio.met ? '' : ' MISSED'}` : '';
    parts.push(
      `<text x="${LABEL_WIDTH + PLOT_WIDTH + 10}" y="${middle + 4}" fill="${color}">${xml(`${formatFigure(ratio.figure)}${target}`)}</text>`,
    );
  });
  checks.forEach((check, index) => {
    parts.push(`<text x="12" y="${footer + index * 18}" fill="#333">${xml(`Absolute check: ${check}`)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
