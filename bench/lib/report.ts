import { writeFileSync } from 'node:fs';
import { ratioChart } from './chart';
import { curveChart } from './curve-chart';
import type { BenchResults } from './results';
import { markdownTable } from './table';

/** One line saying which run, machine and versions a table comes from. */
export function aboutRun(results: BenchResults): string {
  const versions = Object.entries(results.versions)
    .map(([name, installed]) => `${name} ${installed}`)
    .join(', ');
  const { node, cpus, cpuModel } = results.machine;
  return `${results.mode} run of ${results.startedAt}; Node ${node}, ${cpus} × ${cpuModel}; ${versions}`;
}

/**
 * Writes the chart (`<stem>.svg`), the Markdown table (`<stem>.md`) and, when scenario 9 ran, the
 * fleet's cost curve (`<stem>-fleet-curve.svg`) of a run.
 */
export function writeReport(results: BenchResults, stem: string): void {
  writeFileSync(`${stem}.svg`, ratioChart(results));
  const curve = curveChart(results);
  if (curve) writeFileSync(`${stem}-fleet-curve.svg`, curve);
  writeFileSync(`${stem}.md`, `${aboutRun(results)}\n\n${markdownTable(results.rows)}\n`);
}
