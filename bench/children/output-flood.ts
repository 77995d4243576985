// A child for the masking scenario: writes MB megabytes of log lines (no secret in them) to
// stdout, honouring backpressure, then exits.
const megabytes = Number(process.argv[2] ?? '100');
const line = 'INFO 2026-12-07T18:00:00Z request handled path=/api/v1/users status=200 duration=12ms\n';
const chunk = Buffer.from(line.repeat(Math.ceil(65536 / line.length)));
let left = Math.ceil((megabytes * 1e6) / chunk.length);

function write(): void {
  while (left > 0) {
    left--;
    if (!process.stdout.write(chunk)) {
      process.stdout.once('drain', write);
      return;
    }
  }
}
write();
