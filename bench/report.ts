import { readFileSync } from 'node:fs';
import { writeReport } from './lib/report';
import type { BenchResults } from './lib/results';

// `node bench/dist/report.js <run>.json`: draws the chart and the table of a run again from its JSON.
const input = process.argv[2];
if (!input?.endsWith('.json')) {
  process.stderr.write('usage: node bench/dist/report.js bench/results/<run>.json\n');
  process.exit(2);
}
writeReport(JSON.parse(readFileSync(input, 'utf8')) as BenchResults, input.slice(0, -'.json'.length));
