import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCli, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(30_000);

const printEnv = (...names: string[]) => ['node', '-e', `console.log(JSON.stringify([${names.map((n) => `process.env.${n}`).join(',')}]))`];

/** A project folder: a secrets file and a coffer.yml mapping variables to it. */
function project(extraConfig = '') {
  const password = secret();
  const apiKey = secret();
  const folder = folderWith({
    'secrets.yml': `db:\n  password: ${password}\n  conn: '{"host":"db.internal","port":5432}'\napi:\n  key: "${apiKey}'quoted\\" $HOME"\n`,
    'coffer.yml': [
      'providers:',
      '  file: { file: secrets.yml }',
      'env:',
      '  DB_PASSWORD: { provider: file, path: /db/password }',
      '  DB_PORT: { provider: file, path: /db/conn, keypath: [port] }',
      `  API_KEY: { provider: file, path: /api/key }`,
      '  REGION: { provider: file, path: /region, default: eu-west-1 }',
      extraConfig,
    ].join('\n'),
  });
  return { folder, password, apiKey: `${apiKey}'quoted" $HOME` };
}

describe('coffer run', () => {
  it('runs the command with the variables of coffer.yml and never prints a value', async () => {
    const { folder, password, apiKey } = project();
    const result = await coffer(['run', '--no-mask', '--', ...printEnv('DB_PASSWORD', 'DB_PORT', 'API_KEY', 'REGION', 'PATH')], {
      cwd: folder,
    });
    expect(result.code).toBe(0);
    const [dbPassword, port, key, region, path] = JSON.parse(result.stdout) as string[];
    expect({ dbPassword, port, key, region }).toEqual({ dbPassword: password, port: '5432', key: apiKey, region: 'eu-west-1' });
    expect(path).toBe(process.env.PATH);
    expect(result.stderr).toBe('');
  });

  it("passes the child's exit code through", async () => {
    const { folder } = project();
    expect((await coffer(['run', '--', 'node', '-e', 'process.exit(7)'], { cwd: folder })).code).toBe(7);
    expect((await coffer(['run', '--', 'sh', '-c', 'exit 0'], { cwd: folder })).code).toBe(0);
  });

  it('forwards a signal to the child and dies of it when the child does', async () => {
    const { folder } = project();
    const child = ['node', '-e', "console.log('ready', process.pid); setInterval(() => {}, 1000)"];
    const result = await signalWhenReady(['run', '--', ...child], folder, 'SIGTERM');
    expect(result.signal).toBe('SIGTERM');
    const childPid = Number(/ready (\d+)/.exec(result.stdout)?.[1]);
    expect(() => process.kill(childPid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });

  it("exits with the child's code when the child handles the signal", async () => {
    const { folder } = project();
    const child = ['node', '-e', "process.on('SIGINT', () => process.exit(42)); console.log('ready'); setInterval(() => {}, 1000)"];
    const result = await signalWhenReady(['run', '--', ...child], folder, 'SIGINT');
    expect(result.code).toBe(42);
  });

  it('exits 127 for a command that does not exist', async () => {
    const { folder } = project();
    expectOneLineError(await coffer(['run', '--', 'no-such-command-coffer'], { cwd: folder }), 127, /cannot run no-such-command-coffer/);
  });

  it('runs nothing and exits 1 when a secret is missing, naming the variable', async () => {
    const { folder } = project('  MISSING: { provider: file, path: /db/nope }');
    const result = await coffer(['run', '--', 'node', '-e', "console.log('ran')"], { cwd: folder });
    expectOneLineError(result, 1, /^coffer: MISSING: Secret not found \(file \/db\/nope\)\n$/);
  });
});

/** Runs coffer; once its child prints 'ready' (on coffer's stdout, which it shares), signals coffer, not the child. */
function signalWhenReady(args: string[], cwd: string, signal: NodeJS.Signals) {
  return coffer(args, { cwd, onStdout: (text, pid) => text.includes('ready') && process.kill(pid, signal) });
}

describe('coffer export', () => {
  it('prints the variables as dotenv, JSON or shell lines that give back the exact values', async () => {
    const { folder, password, apiKey } = project();
    const json = await coffer(['export', '--format', 'json'], { cwd: folder });
    expect(JSON.parse(json.stdout)).toEqual({ DB_PASSWORD: password, DB_PORT: '5432', API_KEY: apiKey, REGION: 'eu-west-1' });
    const shell = await coffer(['export', '--format', 'shell'], { cwd: folder });
    const sourced = execFileSync('sh', ['-c', `${shell.stdout}\nprintf '%s' "$API_KEY"`]).toString();
    expect(sourced).toBe(apiKey);
    const dotenv = await coffer(['export'], { cwd: folder });
    expect(dotenv.stdout).toContain(`DB_PASSWORD=${password}\n`);
    const read = await coffer(['get', 'file', '/API_KEY', '--file', join(folderWith({ '.env': dotenv.stdout }), '.env')]);
    expect(read.stdout).toBe(`${apiKey}\n`);
  });
});

describe('coffer config errors', () => {
  it.each([
    ['a missing config file', {}, ['--config', 'nope.yml'], /config file not found: .*nope\.yml/],
    ['no config file at all', {}, [], /no config file: create coffer\.yml/],
    ['bad YAML', { 'coffer.yml': 'env:\n  A: { provider: file, path: [\n' }, [], /coffer\.yml: not valid YAML \(line \d+\)/],
    ['bad JSON', { 'coffer.json': '{"env": {,}}' }, [], /coffer\.json: not valid JSON/],
    ['an unknown provider', { 'coffer.yml': 'env:\n  A: { provider: vaults, path: /a }\n' }, [], /env\.A: unknown provider 'vaults'/],
    ['a missing path', { 'coffer.yml': 'env:\n  A: { provider: file }\n' }, [], /env\.A: 'path' is required/],
    ['a missing provider', { 'coffer.yml': 'env:\n  A: { path: /a }\n' }, [], /env\.A: 'provider' is required/],
    ['a bad variable name', { 'coffer.yml': 'env:\n  1A: { provider: env, path: HOME }\n' }, [], /'1A' is not a valid/],
    ['an unknown section', { 'coffer.yml': 'secrets: {}\nenv:\n  A: { provider: env, path: HOME }\n' }, [], /unknown section 'secrets'/],
  ])('reports %s in one line with exit code 2', async (_what, files, flags, pattern) => {
    const folder = folderWith(files as Record<string, string>);
    expectOneLineError(await coffer(['run', ...flags, '--', 'node', '-e', "console.log('ran')"], { cwd: folder }), 2, pattern);
    expectOneLineError(await coffer(['export', ...flags], { cwd: folder }), 2, pattern);
  });

  it('never quotes the config file in a syntax error', async () => {
    const value = secret();
    const folder = folderWith({ 'coffer.yml': `env:\n  A: { provider: env, path: ${value}\n  B: [\n` });
    const result = await coffer(['export'], { cwd: folder });
    expectOneLineError(result, 2);
    expect(result.stderr).not.toContain(value);
  });
});

describe('no value on stderr', () => {
  it('keeps every seeded value off stderr on every error path', async () => {
    const { folder, password, apiKey } = project('  MISSING: { provider: file, path: /db/password, keypath: [nope] }');
    const file = join(folder, 'secrets.yml');
    const broken = folderWith({ 'broken.yml': `password: ${password}\n  - nope: [${apiKey}\n` });
    const runs = await Promise.all([
      coffer(['run', '--', 'node', '-e', '0'], { cwd: folder }),
      coffer(['export'], { cwd: folder }),
      coffer(['get', 'file', '/db/password', 'key', '--file', file]),
      coffer(['get', 'file', '/db/password', '--file', join(broken, 'broken.yml')]),
      coffer(['get-by-path', 'file', '/db', '--file', join(broken, 'broken.yml'), '--debug']),
      coffer(['update', 'file', '/db/password', password, '--type', 'x', '--file', file]),
      coffer(['update', 'file', '/db/nope', '-', '--file', file, '--debug'], { input: apiKey }),
      coffer(['update', 'file', '/db', '-', '--file', file], { input: password }),
      coffer(['get', 'file', '/db/password', `--value=${password}`, '--file', file]),
      coffer(['update', 'env', 'X', apiKey, '--json']),
    ]);
    for (const result of runs) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).not.toBe('');
      expect(result.stderr).not.toContain(password);
      expect(result.stderr).not.toContain(apiKey.slice(0, 20));
    }
  });
});
