import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsError, type FakeBackend, fakeBackend } from '../../../../scripts/test-support/leak/fake-backend';
import { leakMarker } from '../../../../scripts/test-support/leak/marker';
import { buildCli, coffer } from '../cli-helpers';

// The built coffer binary, driven down every error path with a marker secret, with and without
// --debug (and with --json): the marker must never reach stderr, nor stdout of a failed run.
jest.setTimeout(180_000);
const MARKER = leakMarker();
const folder = mkdtempSync(join(tmpdir(), 'coffer-leak-cli-'));
const env = { AWS_ACCESS_KEY_ID: 'AKIDLEAK', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1' };
let backend: FakeBackend;

beforeAll(async () => {
  buildCli();
  backend = await fakeBackend();
  writeFileSync(join(folder, 'good.json'), JSON.stringify({ db: { password: MARKER, list: [MARKER] } }), { mode: 0o600 });
  writeFileSync(join(folder, 'corrupt.json'), `{"db": {"password": "${MARKER}"`, { mode: 0o600 });
  writeFileSync(join(folder, 'corrupt.yml'), `db:\n  password: "${MARKER}\n  - [`, { mode: 0o600 });
  writeFileSync(
    join(folder, 'coffer.yml'),
    `env:\n  DB: { provider: file, path: /db/password, keypath: [nope], file: ${join(folder, 'good.json')} }\n`,
    { mode: 0o600 },
  );
});
afterAll(() => backend.close());

interface Case {
  readonly name: string;
  readonly argv: string[];
  readonly input?: string;
  readonly backend?: Parameters<FakeBackend['answer']>[0];
}

const quoting = () => awsError(400, 'ValidationException', MARKER);
const file = (name: string) => ['--file', join(folder, name)];
const CASES: Case[] = [
  { name: 'a missing key of a JSON secret', argv: ['get', 'file', '/db/password', 'nope', ...file('good.json')] },
  { name: 'a key into a list', argv: ['get', 'file', '/db/list', 'x', ...file('good.json')] },
  { name: 'a corrupt JSON file', argv: ['get', 'file', '/db/password', ...file('corrupt.json')] },
  { name: 'a corrupt YAML file', argv: ['get', 'file', '/db/password', ...file('corrupt.yml')] },
  { name: 'an unknown option carrying the value', argv: ['update', 'file', '/db/x', `-${MARKER}`, ...file('good.json')] },
  { name: 'an unknown long option carrying the value', argv: ['update', 'file', '/db/x', `--${MARKER}`, ...file('good.json')] },
  { name: 'an unknown option with the value after =', argv: ['update', 'file', '/db/x', `--password=${MARKER}`, ...file('good.json')] },
  { name: 'an excess argument that is the value', argv: ['exists', 'env', 'HOME', MARKER, MARKER] },
  { name: 'a value where a choice belongs', argv: ['get-by-path', 'file', '/db', '--format', MARKER, ...file('good.json')] },
  { name: 'a value where a duration belongs', argv: ['get', 'file', '/db/password', '--ttl', MARKER, ...file('good.json')] },
  { name: 'a value where a cache spec belongs', argv: ['get', 'file', '/db/password', '--cache', MARKER, ...file('good.json')] },
  { name: 'an update of the value onto a missing secret', argv: ['update', 'file', '/db/missing/x', MARKER, ...file('corrupt.json')] },
  { name: 'export with a missing key', argv: ['export', '--config', join(folder, 'coffer.yml')] },
  { name: 'aws.ps: the backend quotes the value', argv: ['get', 'aws.ps', '/x'], backend: quoting },
  { name: 'aws.ps: an update refused, quoting the value', argv: ['update', 'aws.ps', '/x', MARKER], backend: quoting },
  {
    name: 'aws.ps: an update from stdin refused, quoting the value',
    argv: ['update', 'aws.ps', '/x', '-'],
    input: MARKER,
    backend: quoting,
  },
  { name: 'aws.ps: a value too large, from stdin', argv: ['update', 'aws.ps', '/x', '-', '--create'], input: MARKER.repeat(400) },
  { name: 'aws.sm: a 500 quoting the value', argv: ['get', 'aws.sm', 'x'], backend: () => awsError(500, 'InternalServiceError', MARKER) },
  {
    name: 'aws.sm: a body that is not JSON',
    argv: ['get', 'aws.sm', 'x'],
    backend: () => ({ status: 200, body: `<html>${MARKER}</html>` }),
  },
];

it('the coffer binary never shows the marker secret on stderr, with or without --debug', async () => {
  const found: string[] = [];
  let runs = 0;
  for (const test of CASES) {
    // Every case plain and with --debug; the backend cases with --json too (its error object).
    for (const extra of test.backend ? [[], ['--debug'], ['--debug', '--json']] : [[], ['--debug']]) {
      if (test.backend) backend.answer(test.backend);
      const aws = test.argv[1]?.startsWith('aws.') ? ['--endpoint', backend.endpoint] : [];
      const argv = [...test.argv, ...aws, ...extra];
      const result = await coffer(argv, { cwd: folder, env, ...(test.input === undefined ? {} : { input: test.input }) });
      runs++;
      const label = `${test.name} ${extra.join(' ') || '(no flags)'}`;
      if (result.code === 0) found.push(`${label}: exit 0, so its error path was not taken`);
      if (result.stderr.toUpperCase().includes(MARKER)) found.push(`${label}: stderr`);
      if (result.code !== 0 && result.stdout.toUpperCase().includes(MARKER)) found.push(`${label}: stdout of a failed run`);
    }
  }
  console.log(
    `leak hunt (CLI binary): ${runs} runs of ${CASES.length} error paths, with and without --debug (and --json); marker found ${found.length} times${found.length ? `:\n  ${found.join('\n  ')}` : ''}`,
  );
  expect(found).toEqual([]);
});
