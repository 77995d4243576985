import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { bin, buildCli, coffer, folderWith } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const COUNT = 50;

/** 50 values, some with quotes, backslashes, slashes and non-ASCII, so that JSON escapes them. */
function values(): string[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const random = randomBytes(6).toString('hex');
    return i % 3 === 0 ? `pw"${random}\\é/${i}` : `s3cr3t-${random}-${i}`;
  });
}

/** A project whose coffer.yml gives the child V0..V49 (plus a short value) from a JSON file. */
function project(secrets: readonly string[]) {
  const file = Object.fromEntries(secrets.map((value, i) => [`v${i}`, value]));
  return folderWith({
    'secrets.json': JSON.stringify({ ...file, short: 'abc' }),
    'coffer.yml': [
      'providers:',
      '  file: { file: secrets.json }',
      'env:',
      ...secrets.map((_, i) => `  V${i}: { provider: file, path: /v${i} }`),
      '  SHORT: { provider: file, path: /short }',
      '',
    ].join('\n'),
  });
}

/**
 * A child that prints each value: a third whole, a third split over two writes some milliseconds
 * apart (so that they reach coffer as two chunks), a third JSON-escaped; half on stderr.
 */
const PRINTER = `
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
(async () => {
  for (let i = 0; i < ${COUNT}; i++) {
    const value = process.env['V' + i];
    const out = i % 2 ? process.stderr : process.stdout;
    if (i % 3 === 0) out.write('json ' + JSON.stringify({ value }) + '\\n');
    else if (i % 3 === 1) { out.write('split ' + value.slice(0, 7)); await sleep(15); out.write(value.slice(7) + '\\n'); }
    else out.write('whole ' + value + ' end\\n');
  }
  console.log('short', process.env.SHORT);
})();
`;

const jsonEscaped = (value: string) => JSON.stringify(value).slice(1, -1);

describe('coffer run masks the values it injects', () => {
  it('shows none of 50 values printed whole, split across writes or JSON-escaped', async () => {
    const secrets = values();
    const result = await coffer(['run', '--', process.execPath, '-e', PRINTER], { cwd: project(secrets) });

    expect(result.code).toBe(0);
    const output = `${result.stdout}${result.stderr}`;
    const shown = secrets.filter((value) => output.includes(value) || output.includes(jsonEscaped(value)));
    expect(shown).toEqual([]);
    expect(output.match(/\*\*\*\*\*/g)).toHaveLength(COUNT);
    expect(output.split('\n').filter((line) => /^(json|split|whole) /.test(line))).toHaveLength(COUNT);
    // Shorter than 4 characters: not masked (masking it would blank every 'abc' in the output).
    expect(result.stdout).toContain('short abc\n');
  });

  it('shows them all with --no-mask', async () => {
    const secrets = values();
    const result = await coffer(['run', '--no-mask', '--', process.execPath, '-e', PRINTER], { cwd: project(secrets) });

    const output = `${result.stdout}${result.stderr}`;
    const shown = secrets.filter((value, i) => output.includes(i % 3 === 0 ? jsonEscaped(value) : value));
    expect(shown).toHaveLength(COUNT);
    expect(output).not.toContain('*****');
  });

  it('prints the GitHub Actions mask commands before the first line of the child', async () => {
    const secrets = values();
    const child = "console.log('first line of the child')";
    const result = await coffer(['run', '--', process.execPath, '-e', child], { cwd: project(secrets), env: { GITHUB_ACTIONS: 'true' } });

    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, COUNT)).toEqual(secrets.map((value) => `::add-mask::${value}`));
    expect(lines.slice(COUNT)).toEqual(['first line of the child']);
    const quiet = await coffer(['run', '--', process.execPath, '-e', child], { cwd: project(secrets) });
    expect(quiet.stdout).toBe('first line of the child\n');
  });

  it('passes colours through, forwards stdin and keeps the exit code', async () => {
    const [value] = values() as [string];
    const child = [
      "let input = '';",
      "process.stdin.on('data', (d) => { input += d; });",
      "process.stdin.on('end', () => { console.log('\\x1b[31mred\\x1b[0m', input.trim(), process.env.V0); process.exit(5); });",
    ].join('\n');
    const result = await coffer(['run', '--', process.execPath, '-e', child], { cwd: project([value]), input: 'typed line\n' });

    expect(result).toMatchObject({ code: 5, stdout: '\x1b[31mred\x1b[0m typed line *****\n', stderr: '' });
  });
});

/** The environment of a terminal session: colours not forced either way, not on GitHub Actions. */
function terminalEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', COFFER_CACHE: 'memory' };
  // A terminal, not a CI job: with CI set, Node reads any terminal as two colours.
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'GITHUB_ACTIONS', 'COFFER_FILE', 'CI']) delete env[name];
  return env;
}

describe('coffer run passes all the output on after the child exits', () => {
  it('to a reader that pauses longer than coffer waits for a silent stream', async () => {
    const folder = project(values());
    const child = "process.stdout.write(Buffer.alloc(4e6, 97)); process.stdout.write('\\nend\\n')";
    const run = spawn(process.execPath, [bin, 'run', '--', process.execPath, '-e', child], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const killer = setTimeout(() => run.kill('SIGKILL'), 45_000);
    run.stdout.pause();
    await new Promise((done) => setTimeout(done, 2500));
    let bytes = 0;
    let tail = '';
    run.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      tail = (tail + chunk.toString('latin1')).slice(-5);
    });
    run.stdout.resume();
    const [code] = (await once(run, 'close')) as [number];
    clearTimeout(killer);
    expect({ code, bytes, tail }).toEqual({ code: 0, bytes: 4e6 + 5, tail: '\nend\n' });
  });

  it('and lets go of a stream that a background child of the child keeps open', async () => {
    const result = await coffer(['run', '--', 'sh', '-c', 'sleep 30 & echo started'], { cwd: project(values()) });
    expect(result).toMatchObject({ code: 0, stdout: 'started\n' });
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript ? describe : describe.skip)('coffer run on a terminal (under script(1))', () => {
  it("tells the piped child the terminal's colours, and still masks", () => {
    const [value] = values() as [string];
    const folder = project([value]);
    const child = join(folder, 'child.js');
    execFileSync(process.execPath, [
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(child)}, "console.log(process.env.FORCE_COLOR ?? 'none', process.env.V0)")`,
    ]);
    const line = `${process.execPath} ${bin} run -- ${process.execPath} ${child}`;
    const output = execFileSync('script', ['-qec', line, '/dev/null'], {
      cwd: folder,
      env: terminalEnv(),
      timeout: 30_000,
    }).toString();

    expect(output).toMatch(/^[123] \*{5}\r?\n/);
    expect(output).not.toContain(value);
  });
});
