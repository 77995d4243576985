import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { configure, createClient, get, isCofferError } from '@coffer/core';
import { fileProvider } from '@coffer/local';
import { secretValue, tempFolder } from './file-fixtures';

const fail = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error as Error,
  );

describe('file provider', () => {
  it('keeps the comments, order and other entries of a YAML file on update', async () => {
    const file = join(tempFolder(), 'app.yml');
    writeFileSync(file, '# database settings\ndb:\n  host: db.internal # primary\n  password: old\napi:\n  key: k1\n');
    const client = createClient({ provider: fileProvider({ file }), cache: false });

    await client.update('/db/password', 'n3w');

    expect(readFileSync(file, 'utf8')).toBe('# database settings\ndb:\n  host: db.internal # primary\n  password: n3w\napi:\n  key: k1\n');
  });

  it('keeps the indentation of a JSON file and the lines of a .env file on update', async () => {
    const folder = tempFolder();
    const json = join(folder, 'app.json');
    const dotenv = join(folder, '.env');
    writeFileSync(json, '{\n    "db": {\n        "password": "old"\n    },\n    "port": 80\n}\n');
    writeFileSync(dotenv, '# local\nexport A=1\nB="two words"\n');

    await createClient({ provider: fileProvider({ file: json }), cache: false }).update('/db/password', 'n3w');
    await createClient({ provider: fileProvider({ file: dotenv }), cache: false }).update('A', 'x y');

    expect(readFileSync(json, 'utf8')).toBe('{\n    "db": {\n        "password": "n3w"\n    },\n    "port": 80\n}\n');
    expect(readFileSync(dotenv, 'utf8')).toBe('# local\nexport A=\'x y\'\nB="two words"\n');
  });

  it.each([['plain'], ['two words # not a comment'], ['it\'s \\ "quoted"'], ['line one\nline two'], ['']])(
    'reads back exactly what it wrote to a .env file: %j',
    async (value) => {
      const file = join(tempFolder(), 'app.env');
      writeFileSync(file, 'OTHER=1\n');
      const client = createClient({ provider: fileProvider({ file }), cache: false });

      await client.update('/VALUE', value, { create: true });

      expect(await client.get('/VALUE')).toBe(value);
      expect(await client.get('/OTHER')).toBe('1');
    },
  );

  it('writes the file with mode 0600, and creates it on a create update', async () => {
    const file = join(tempFolder(), 'new.yaml');
    const client = createClient({ provider: fileProvider({ file }), cache: false });

    await client.update('/app/token', 't0k', { create: true });

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await client.get('/app/token')).toBe('t0k');
  });

  it('reads the file again when it changes on disk', async () => {
    const file = join(tempFolder(), 'live.json');
    writeFileSync(file, '{"flag":"off"}');
    const client = createClient({ provider: fileProvider({ file }), cache: false });
    expect(await client.get('/flag')).toBe('off');

    writeFileSync(file, '{"flag":"on!"}');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));

    expect(await client.get('/flag')).toBe('on!');
  });

  it('returns numbers and booleans of a YAML file as text, and folders as objects', async () => {
    const file = join(tempFolder(), 'types.yml');
    writeFileSync(file, 'db:\n  port: 5432\n  ssl: true\n  pin: 0012\n');
    const client = createClient({ provider: fileProvider({ file }), cache: false });

    expect(await client.get('/db/port')).toBe('5432');
    expect(await client.get('/db/ssl')).toBe('true');
    expect(await client.get('/db')).toEqual({ port: 5432, ssl: true, pin: 12 });
    expect(await client.getByPath('/db')).toEqual({ '/db/port': '5432', '/db/ssl': 'true', '/db/pin': '12' });
  });

  it.each([
    ['broken.json', (secret: string) => `{"password": "${secret}",, }`],
    ['broken.yml', (secret: string) => `password: ${secret}\n  bad: [indent\n`],
    ['.env', (secret: string) => `PASSWORD=${secret}\n${secret} not a line\n`],
  ])('reports a syntax error in %s by line, never quoting the file', async (name, content) => {
    const secret = secretValue();
    const file = join(tempFolder(), name);
    writeFileSync(file, content(secret));
    const client = createClient({ provider: fileProvider({ file }), cache: false });

    const error = await fail(client.get('/password'));

    expect(isCofferError(error, 'PROVIDER_ERROR')).toBe(true);
    expect(error.message).toMatch(/cannot parse .*line \d+/);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(secret);
  });

  it('refuses to overwrite a folder with a value, and to write through a value', async () => {
    const file = join(tempFolder(), 'tree.yml');
    writeFileSync(file, 'db:\n  host: h\n');
    const client = createClient({ provider: fileProvider({ file }), cache: false });

    expect(isCofferError(await fail(client.update('/db', 'x')), 'INVALID_INPUT')).toBe(true);
    expect(isCofferError(await fail(client.update('/db/host/x', 'y', { create: true })), 'INVALID_INPUT')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('db:\n  host: h\n');
  });

  it('keeps both of two concurrent updates of one file', async () => {
    const file = join(tempFolder(), 'both.json');
    writeFileSync(file, '{"a":"0","b":"0"}');
    const first = createClient({ provider: fileProvider({ file }), cache: false });
    const second = createClient({ provider: fileProvider({ file }), cache: false });

    await Promise.all([first.update('/a', '1'), second.update('/b', '2')]);

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: '1', b: '2' });
  });

  it('takes the file from COFFER_FILE, and says how to give one when there is none', async () => {
    const file = join(tempFolder(), 'env.yml');
    writeFileSync(file, 'k: from-env-file\n');
    const saved = process.env.COFFER_FILE;
    try {
      process.env.COFFER_FILE = file;
      configure('file', {});
      expect(await get('file', '/k')).toBe('from-env-file');
      delete process.env.COFFER_FILE;
      expect(() => fileProvider()).toThrow(/COFFER_FILE/);
    } finally {
      if (saved === undefined) delete process.env.COFFER_FILE;
      else process.env.COFFER_FILE = saved;
    }
  });

  it('fails a read of a missing file with a provider error naming the file', async () => {
    const file = join(tempFolder(), 'absent.yml');
    const error = await fail(createClient({ provider: fileProvider({ file }), cache: false }).get('/x'));
    expect(isCofferError(error, 'PROVIDER_ERROR')).toBe(true);
    expect(error.message).toContain(file);
  });
});
