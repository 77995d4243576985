import { readFileSync, writeFileSync } from 'node:fs';
import { ratioChart } from './lib/chart';
import type { BenchResults } from './lib/results';

/** `node bench/dist/chart.js <results.json> <out.svg>`: draws the chart of a run again from its JSON. */
const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: node bench/dist/chart.js <results.json> <out.svg>\n');
  process.exit(2);
}
writeFileSync(output, ratioChart(JSON.parse(readFileSync(input, 'utf8')) as BenchResults));
