import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(30_000);

/** A YAML file with a password, a JSON value and a nested folder. */
function secrets() {
  const password = secret();
  const token = secret();
  const folder = folderWith({
    'secrets.yml': `db:\n  host: db.internal\n  password: ${password}\n  options: '{"pool":{"max":5},"replicas":["r1","r2"]}'\napi:\n  token: ${token}\n`,
  });
  return { folder, file: join(folder, 'secrets.yml'), password, token };
}

describe('coffer get', () => {
  it('prints a value, a key of a JSON value, an array item and an object as JSON', async () => {
    const { file, password } = secrets();

    expect((await coffer(['get', 'file', '/db/password', '--file', file])).stdout).toBe(`${password}\n`);
    expect((await coffer(['get', 'file', '/db/options', 'pool', 'max', '--file', file])).stdout).toBe('5\n');
    expect((await coffer(['get', 'file', '/db/options', 'replicas', '1', '--file', file])).stdout).toBe('r2\n');
    const whole = await coffer(['get', 'file', '/db/options', '--file', file]);
    expect(JSON.parse(whole.stdout)).toEqual({ pool: { max: 5 }, replicas: ['r1', 'r2'] });
    expect(whole.code).toBe(0);
  });

  it('prints a string as a JSON string with --json', async () => {
    const { file } = secrets();
    expect((await coffer(['get', 'file', '/db/host', '--file', file, '--json'])).stdout).toBe('"db.internal"\n');
  });

  it('takes the file from COFFER_FILE', async () => {
    const { file } = secrets();
    expect((await coffer(['get', 'file', '/db/host'], { env: { COFFER_FILE: file } })).stdout).toBe('db.internal\n');
  });

  it('exits 1 for a missing secret and for a missing key', async () => {
    const { file } = secrets();
    expectOneLineError(await coffer(['get', 'file', '/db/nope', '--file', file]), 1, /not found \(file \/db\/nope\)/);
    expectOneLineError(await coffer(['get', 'file', '/db/options', 'pool', 'min', '--file', file]), 1, /key pool\.min not found/);
  });

  it('exits 2 for an unknown provider, a bad path, a flag of another provider and a missing argument', async () => {
    const { file } = secrets();
    expectOneLineError(await coffer(['get', 'vaults', '/x']), 2, /unknown provider 'vaults'/);
    expectOneLineError(await coffer(['get', 'file', '/db//x', '--file', file]), 2, /empty segment/);
    expectOneLineError(await coffer(['get', 'file', '/db/host', '--file', file, '--region', 'eu-west-1']), 2, /--region/);
    expectOneLineError(await coffer(['get', 'file']), 2, /missing required argument 'path'/);
    expectOneLineError(await coffer(['get', 'file', '/db/host', '--verbose']), 2, /unknown option; to give a value/);
  });

  it('exits 3 when the provider fails, without quoting the broken file', async () => {
    const password = secret();
    const folder = folderWith({ 'broken.json': `{"password": "${password}",, }` });
    const result = await coffer(['get', 'file', '/password', '--file', join(folder, 'broken.json')]);
    expectOneLineError(result, 3, /cannot parse .*broken\.json/);
    expect(result.stderr).not.toContain(password);
  });

  it('prints the stack and causes only with --debug', async () => {
    const result = await coffer(['get', 'file', '/x', '--file', '/nonexistent/secrets.yml', '--debug']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^coffer: cannot read \/nonexistent\/secrets\.yml \(ENOENT\)/);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).toContain('caused by:');
  });

  it('prints an error as JSON with --json', async () => {
    const { file } = secrets();
    const result = await coffer(['get', 'file', '/db/nope', '--file', file, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toEqual({ error: { code: 'SECRET_NOT_FOUND', message: 'Secret not found (file /db/nope)' } });
  });

  it('reads the environment with the env provider', async () => {
    const value = secret();
    const result = await coffer(['get', 'env', 'COFFER_TEST_VALUE'], { env: { COFFER_TEST_VALUE: value } });
    expect(result.stdout).toBe(`${value}\n`);
  });
});

describe('coffer --cache and --stats', () => {
  it('serves a second run from the SQLite cache file, and an update reaches the next run', async () => {
    const { folder, file } = secrets();
    const cache = ['--cache', `sqlite://${join(folder, 'cache', 'coffer.db')}`, '--stats', '--file', file];

    const first = await coffer(['get', 'file', '/db/host', ...cache]);
    const second = await coffer(['get', 'file', '/db/host', ...cache]);
    await coffer(['update', 'file', '/db/host', 'db3.internal', ...cache]);
    const third = await coffer(['get', 'file', '/db/host', ...cache]);

    expect(first.stderr).toBe('coffer: file stats: hits=0 misses=1 stale=0 apiCalls=1 cache=sqlite\n');
    expect(second.stderr).toBe('coffer: file stats: hits=1 misses=0 stale=0 apiCalls=0 cache=sqlite\n');
    expect(second.stdout).toBe('db.internal\n');
    expect(third.stdout).toBe('db3.internal\n');
  });

  it('exits 2 for a cache spec it does not know', async () => {
    const { file } = secrets();
    expectOneLineError(await coffer(['get', 'file', '/db/host', '--file', file, '--cache', 'floppy']), 2, /COFFER_CACHE must be/);
  });
});

describe('coffer get-by-path', () => {
  it('prints every leaf under a path as JSON by default', async () => {
    const { file, password } = secrets();
    const result = await coffer(['get-by-path', 'file', '/db', '--file', file]);
    expect(JSON.parse(result.stdout)).toEqual({
      '/db/host': 'db.internal',
      '/db/password': password,
      '/db/options': { pool: { max: 5 }, replicas: ['r1', 'r2'] },
    });
  });

  it('prints NAME=value lines that a shell can source with --format env', async () => {
    const { file, password } = secrets();
    const result = await coffer(['get-by-path', 'file', '/db', '--file', file, '--format', 'env']);
    expect(result.stdout).toContain(`PASSWORD=${password}\n`);
    const dotenv = join(folderWith({ 'db.env': result.stdout }), 'db.env');
    const sourced = execFileSync('sh', ['-c', `. "${dotenv}"; printf '%s' "$OPTIONS"`]).toString();
    expect(JSON.parse(sourced)).toEqual({ pool: { max: 5 }, replicas: ['r1', 'r2'] });
  });

  it('prints a table, one level deep with --no-recursive', async () => {
    const { file, token } = secrets();
    const result = await coffer(['get-by-path', 'file', '/', '--file', file, '--format', 'table', '--no-recursive']);
    expect(result.stdout).toBe('NAME  VALUE\n');
    const api = await coffer(['get-by-path', 'file', '/api', '--file', file, '--format', 'table']);
    expect(api.stdout).toBe(`NAME        VALUE\n/api/token  ${token}\n`);
  });

  it('exits 2 for a format it does not know', async () => {
    const { file } = secrets();
    expectOneLineError(
      await coffer(['get-by-path', 'file', '/db', '--file', file, '--format', 'xml']),
      2,
      /'--format <format>' argument is invalid\. Allowed choices are json, env, table/,
    );
  });
});

describe('coffer exists', () => {
  it('exits 0 when the secret or the key exists and 1 when not', async () => {
    const { file } = secrets();
    expect((await coffer(['exists', 'file', '/db/host', '--file', file])).code).toBe(0);
    expect((await coffer(['exists', 'file', '/db', '--file', file])).code).toBe(0);
    expect((await coffer(['exists', 'file', '/db/options', 'pool', 'max', '--file', file])).code).toBe(0);
    const missing = await coffer(['exists', 'file', '/db/hostname', '--file', file]);
    expect(missing).toEqual({ code: 1, signal: null, stdout: '', stderr: '' });
    expect((await coffer(['exists', 'file', '/db/options', 'pool', 'min', '--file', file, '--json'])).stdout).toBe('false\n');
  });
});

describe('coffer update', () => {
  it('writes a value given as an argument, keeping the rest of the file', async () => {
    const { file, password } = secrets();
    const result = await coffer(['update', 'file', '/db/host', 'db2.internal', '--file', file]);
    expect(result).toEqual({ code: 0, signal: null, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toContain('host: db2.internal\n');
    expect(readFileSync(file, 'utf8')).toContain(`password: ${password}\n`);
  });

  it("reads the value from stdin with '-' or with no value, without the trailing newline", async () => {
    const { file } = secrets();
    const first = secret();
    const second = secret();
    expect((await coffer(['update', 'file', '/db/password', '-', '--file', file], { input: `${first}\n` })).code).toBe(0);
    expect((await coffer(['get', 'file', '/db/password', '--file', file])).stdout).toBe(`${first}\n`);
    expect((await coffer(['update', 'file', '/db/password', '--file', file], { input: second })).code).toBe(0);
    expect((await coffer(['get', 'file', '/db/password', '--file', file])).stdout).toBe(`${second}\n`);
  });

  it('exits 1 for a missing secret unless --create', async () => {
    const { file } = secrets();
    const value = secret();
    const refused = await coffer(['update', 'file', '/db/user', '-', '--file', file], { input: value });
    expectOneLineError(refused, 1);
    expect(refused.stderr).not.toContain(value);
    expect((await coffer(['update', 'file', '/db/user', '-', '--create', '--file', file], { input: value })).code).toBe(0);
    expect((await coffer(['get', 'file', '/db/user', '--file', file])).stdout).toBe(`${value}\n`);
  });

  it('exits 2 for --type on a provider without types, and for the read-only env provider', async () => {
    const { file } = secrets();
    const value = secret();
    const typed = await coffer(['update', 'file', '/db/host', value, '--type', 'String', '--file', file]);
    expectOneLineError(typed, 2, /--type does not apply/);
    const readOnly = await coffer(['update', 'env', 'HOME', value]);
    expectOneLineError(readOnly, 2, /read-only/);
    expect(typed.stderr + readOnly.stderr).not.toContain(value);
  });
});

describe('coffer --version and --help', () => {
  it('exits 0 for --version and --help, and 2 without a command', async () => {
    expect((await coffer(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await coffer(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('get-by-path');
    // The help is read by people with the npm package, not the repo: a public URL, no repo path.
    expect(help.stdout).toContain('Docs: https://');
    expect(help.stdout).not.toMatch(/ docs\//);
    expect((await coffer([])).code).toBe(2);
  });
});
