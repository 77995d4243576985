/**
 * Run in a fresh Node process: one GET to the URL given, with `fetch` or `node:http` as the
 * argument says, and how long it took from the call to the body (the client's loading included).
 */
import { request } from 'node:http';

const [client, url] = process.argv.slice(2) as [string, string];
const started = performance.now();
const done = () => {
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
  process.exit(0);
};
if (client === 'fetch') {
  fetch(url)
    .then((response) => response.text())
    .then(done, () => process.exit(1));
} else {
  request(url, { agent: false }, (response) => {
    response.resume();
    response.on('end', done);
  })
    .on('error', () => process.exit(1))
    .end();
}
