import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../src/cli/program';
import { type AwsProxy, awsProxy } from '../../../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../../../scripts/harness/moto';
import { type ArgvFixtures, cliArgv } from '../../../../scripts/test-support/fuzz/cli-argv';
import { fingerprintPrototypes, prototypeChanges } from '../../../../scripts/test-support/fuzz/prototypes';
import { fuzzSeed, random } from '../../../../scripts/test-support/fuzz/random';
import { Tally } from '../../../../scripts/test-support/fuzz/tally';
import { buildCli, coffer } from '../cli-helpers';

// The CLI's argv: the bulk through its program in-process, a bounded sample through the built
// binary. Every run ends with an exit code of the contract and a one-line error; a usage error
// (exit 2) sends no request.
jest.setTimeout(180_000);
const seed = fuzzSeed();
const baseline = fingerprintPrototypes();
const folder = mkdtempSync(join(tmpdir(), 'coffer-fuzz-cli-'));
const file = join(folder, 'secrets.json');
const config = join(folder, 'coffer.yml');
const awsEnv = { AWS_ACCESS_KEY_ID: 'AKIDCOFFERFUZZ', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'us-east-1' };
let proxy: AwsProxy;
let fixtures: ArgvFixtures;

beforeAll(async () => {
  proxy = await awsProxy(motoEndpoint());
  writeFileSync(file, '{"s":{"text":"plain","json":{"k":"v"}}}\n', { mode: 0o600 });
  writeFileSync(config, `env:\n  FUZZ_TEXT: { provider: file, path: /s/text, file: ${file} }\n`, { mode: 0o600 });
  fixtures = {
    file,
    endpoint: proxy.endpoint,
    config,
    cacheFolder: folder,
    paths: {
      file: ['/s/text', '/s/json', '/s/missing'],
      env: ['HOME', 'FUZZ_NONE'],
      'aws.ps': ['/fuzz/cli/a', '/fuzz/cli/missing'],
      'aws.sm': ['fuzz/cli/a'],
    },
  };
});
afterAll(() => proxy.close());

/** Collects what a stream is given. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** The shape every run must have: a contract exit code, and errors in single `coffer:` lines. */
function checkRun(tally: Tally, entry: string, argv: string[], code: number | null, stderr: string, requests: number): void {
  const input = JSON.stringify(argv).slice(0, 300);
  if (code === null || ![0, 1, 2, 3].includes(code)) tally.find('exit code outside the contract', entry, input, String(code));
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  const help = stderr.startsWith('Usage: coffer');
  const lines = stderr.split('\n').filter(Boolean);
  const oneLine = (line: string) => line.startsWith('coffer: ') || (json && line.startsWith('{"error":{'));
  if (!debug && !help && lines.some((line) => !oneLine(line)))
    tally.find('stderr not in coffer: lines', entry, input, JSON.stringify(stderr.slice(0, 200)));
  if (!debug && /\n\s+at /.test(stderr)) tally.find('stack trace without --debug', entry, input, JSON.stringify(stderr.slice(0, 200)));
  // Exit 2 also answers a keypath that does not fit the value read (DECODE_ERROR): with --json the
  // error's code tells input errors, which must not have sent anything, from those.
  const errorCode = json ? /"code":"([A-Z_]+)"/.exec(stderr)?.[1] : undefined;
  if (code === 2 && requests > 0 && errorCode !== undefined && errorCode !== 'DECODE_ERROR')
    tally.find('request sent for invalid input', entry, input, `${requests} requests, exit 2 (${errorCode})`);
}

it('the CLI program ends every hostile command line with a contract exit code and a one-line error', async () => {
  const r = random(seed, 20);
  const tally = new Tally();
  const saved = { ...process.env };
  for (let i = 0; i < 1500; i++) {
    const { argv } = cliArgv(r, fixtures);
    if (r.chance(0.5) && !argv.includes('--json')) argv.splice(1, 0, '--json');
    const io = { stdout: sink(), stderr: sink(), stdin: Object.assign(new PassThrough(), { isTTY: false }) };
    io.stdin.end(r.chance(0.5) ? 'from-stdin\n' : '');
    Object.assign(process.env, awsEnv, { XDG_CACHE_HOME: folder, COFFER_CACHE: 'memory' });
    delete process.env.COFFER_FILE;
    const sent = proxy.count();
    const outcome = await tally.call('runCli', JSON.stringify(argv).slice(0, 300), () => runCli(['node', 'coffer', ...argv], io));
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    if (outcome.ending === 'resolved') {
      const ended = outcome.value as { code?: number; signal?: string };
      checkRun(tally, 'runCli', argv, ended.code ?? null, io.stderr.text(), proxy.count() - sent);
    }
    const changed = prototypeChanges(baseline, fingerprintPrototypes());
    if (changed.length) tally.find('built-in prototype changed', 'runCli', JSON.stringify(argv), changed.join(', '));
  }
  console.log(tally.report('fuzz: CLI argv in-process', seed));
  expect(tally.findings).toEqual([]);
});

it('the built coffer binary ends a sample of hostile command lines the same way', async () => {
  buildCli();
  const r = random(seed, 21);
  const tally = new Tally();
  for (let i = 0; i < 24; i++) {
    // A process cannot be given a NUL in its arguments, nor one of more than 128 KB.
    const argv = cliArgv(r, fixtures).argv.map((word) => word.replaceAll('\u0000', '?').slice(0, 100_000));
    const sent = proxy.count();
    tally.counts.inputs++;
    tally.byEntry.set('coffer binary', i + 1);
    const result = await coffer(argv, { cwd: folder, input: 'from-stdin\n', env: { ...awsEnv, XDG_CACHE_HOME: folder } });
    checkRun(tally, 'coffer binary', argv, result.code, result.stderr, proxy.count() - sent);
  }
  console.log(tally.report('fuzz: CLI argv through the built binary', seed));
  expect(tally.findings).toEqual([]);
});
