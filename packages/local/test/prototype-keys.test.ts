import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, ValidationError } from '@coffer/core';
import { envProvider, fileProvider } from '@coffer/local';
import { tempFolder } from './file-fixtures';

const KEYS = ['__proto__', 'constructor', 'prototype'];
const FORMATS = [
  ['app.json', (key: string) => `/${key}/polluted`],
  ['app.yml', (key: string) => `/${key}/polluted`],
  ['.env', (key: string) => `/${key}`],
] as const;
const cases = FORMATS.flatMap(([name, pathOf]) => KEYS.map((key) => [name, key, pathOf(key)] as const));

function expectPrototypeUntouched(): void {
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

describe('file provider: __proto__, constructor and prototype are keys like any other', () => {
  it.each(cases)('in %s, writes %s as data and reads it back exactly', async (name, _key, path) => {
    const file = join(tempFolder(), name);
    const writer = createClient({ provider: fileProvider({ file }), cache: false });

    await writer.update(path, 'yes', { create: true });
    const fresh = createClient({ provider: fileProvider({ file }), cache: false });

    expectPrototypeUntouched();
    expect(await fresh.get(path)).toBe('yes');
    expect(await fresh.pathExists(path)).toBe(true);
    expect(await fresh.getByPath('/')).toEqual({ [path]: 'yes' });
    expect(readFileSync(file, 'utf8')).toContain('yes');
  });

  it.each(cases)('in %s, keeps the other entries when %s is written', async (name, _key, path) => {
    const file = join(tempFolder(), name);
    const client = createClient({ provider: fileProvider({ file }), cache: false });
    await client.update('/other', 'kept', { create: true });

    await client.update(path, 'yes', { create: true });
    await client.update(path, 'again');

    expectPrototypeUntouched();
    expect(await client.get('/other')).toBe('kept');
    expect(await client.get(path)).toBe('again');
  });

  it('reads such keys from a file written by hand, and never an inherited property', async () => {
    const folder = tempFolder();
    const json = join(folder, 'hand.json');
    const dotenv = join(folder, 'hand.env');
    writeFileSync(json, '{"__proto__": {"polluted": "j"}, "constructor": "c"}');
    writeFileSync(dotenv, '__proto__=d\n');
    const fromJson = createClient({ provider: fileProvider({ file: json }), cache: false });
    const fromEnv = createClient({ provider: fileProvider({ file: dotenv }), cache: false });

    expect(await fromJson.get('/__proto__/polluted')).toBe('j');
    expect(await fromJson.get('/constructor')).toBe('c');
    expect(await fromEnv.get('/__proto__')).toBe('d');
    await expect(fromJson.get('/toString')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    await expect(fromEnv.get('/constructor')).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expectPrototypeUntouched();
  });
});

describe('local provider factories reject bad arguments with a ValidationError', () => {
  it.each([
    [null],
    ['secrets.json'],
    [42],
    [[]],
    [{ file: 42 }],
    [{ file: '' }],
    [{ file: 'a.json', format: 'xml' }],
    [{ file: 'a.json', format: 1 }],
    [{ file: 'a.json', fiel: 'b.json' }],
  ])('fileProvider(%p)', (options) => {
    expect(() => fileProvider(options as never)).toThrow(ValidationError);
  });

  it.each([[null], ['APP_'], [1], [[]], [{ prefix: 1 }], [{ prefix: 'A=' }], [{ prefx: 'APP_' }]])('envProvider(%p)', (options) => {
    expect(() => envProvider(options as never)).toThrow(ValidationError);
  });
});
