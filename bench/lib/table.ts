import { formatFigure, formatTarget, verdict } from './format';
import { CONTENDER_TITLES, CONTENDERS, type Row } from './results';

const HEADER = ['scenario', 'measure', ...CONTENDERS.map((name) => CONTENDER_TITLES[name]), 'ratio', 'target', 'result'];

/** The table as lines of cells, plus the footnotes (notes and why a target is missed). */
function cells(rows: readonly Row[]): { lines: string[][]; notes: string[] } {
  const lines: string[][] = [];
  const notes: string[] = [];
  const footnote = (text: string) => {
    notes.push(text);
    return `[${notes.length}]`;
  };
  for (const row of rows) {
    const note = row.note ? ` ${footnote(row.note)}` : '';
    const figures = CONTENDERS.map((name) => formatFigure(row.figures[name]));
    const ratios = row.ratios.length > 0 ? row.ratios : [undefined];
    for (const [index, ratio] of ratios.entries()) {
      const head = index === 0 ? [row.scenario, `${row.measure}${note}`, ...figures] : ['', '', ...CONTENDERS.map(() => '')];
      if (!ratio) {
        lines.push([...head, '', '', '']);
        continue;
      }
      const why = ratio.why ? ` ${footnote(ratio.why)}` : '';
      lines.push([...head, `${ratio.label} ${formatFigure(ratio.figure)}`, formatTarget(ratio.target), `${verdict(ratio)}${why}`]);
    }
  }
  return { lines, notes };
}

/** The table for a terminal: aligned columns, then the footnotes. */
export function textTable(rows: readonly Row[]): string {
  const { lines, notes } = cells(rows);
  const all = [HEADER, ...lines];
  const widths = HEADER.map((_, column) => Math.max(...all.map((line) => (line[column] ?? '').length)));
  const render = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(HEADER), rule, ...lines.map(render), '', ...notes.map((note, index) => `[${index + 1}] ${note}`)].join('\n');
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownTable(rows: readonly Row[]): string {
  const { lines, notes } = cells(rows);
  const escapePipes = (cell: string) => cell.replace(/\|/g, '\\|');
  const render = (line: string[]) => `| ${line.map(escapePipes).join(' | ')} |`;
  return [
    render(HEADER),
    render(HEADER.map(() => '---')),
    ...lines.map(render),
    '',
    ...notes.map((note, index) => `${index + 1}. ${note}`),
  ].join('\n');
}
