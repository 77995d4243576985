import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CofferClient, createClient } from '@coffer/core';
import { loadReferenceFile, parseReference, parseReferenceFile, resolveReferences } from 'coffer';
import { folderWith } from './cli-helpers';

describe('parsing vals references', () => {
  it('maps each scheme to its provider, path, options and keypath', () => {
    expect(parseReference('ref+vault://secret/app/db#/password')).toEqual({
      provider: 'vault',
      path: 'app/db',
      keypath: ['password'],
      providerOptions: { mount: 'secret' },
      readOptions: { unwrap: false },
    });
    expect(parseReference('ref+vault://team/kv/app/db?mount=team/kv&namespace=ns1&version=3&address=http://127.0.0.1:8200')).toEqual({
      provider: 'vault',
      path: 'app/db',
      keypath: [],
      providerOptions: { mount: 'team/kv', address: 'http://127.0.0.1:8200', namespace: 'ns1' },
      readOptions: { version: 3 },
    });
    expect(parseReference('ref+awsssm:///prod/app/host')).toMatchObject({ provider: 'aws.ps', path: '/prod/app/host', keypath: [] });
    expect(parseReference('ref+awsssm://prod/app/cfg?region=eu-west-1#/hosts/0')).toMatchObject({
      provider: 'aws.ps',
      path: '/prod/app/cfg',
      keypath: ['hosts', 0],
      providerOptions: { region: 'eu-west-1' },
    });
    expect(parseReference('ref+awssecrets://prod/db?version_stage=AWSPREVIOUS#/a~1b')).toMatchObject({
      provider: 'aws.sm',
      path: 'prod/db',
      keypath: ['a/b'],
      readOptions: { versionStage: 'AWSPREVIOUS' },
    });
    expect(parseReference('ref+file://conf/secrets.yml#/db/password', { baseDir: '/srv/app' })).toEqual({
      provider: 'file',
      path: '/db/password',
      keypath: [],
      providerOptions: { file: '/srv/app/conf/secrets.yml' },
      readOptions: {},
    });
  });

  it('refuses a malformed reference with a ValidationError that does not quote it', () => {
    const cases = [
      'ref+nope://a/b',
      'ref+vault://secret',
      'ref+vault://secret/app?token=s3cr3t-token',
      'ref+awsssm://',
      'ref+file://secrets.yml',
      'ref+vault://secret/app#password',
      'ref+vault://secret/app?version=0',
      'vault://secret/app',
    ];
    for (const text of cases) {
      let caught: unknown;
      try {
        parseReference(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'INVALID_INPUT' });
      expect((caught as Error).message).not.toContain('s3cr3t-token');
    }
  });

  it('reads a .env-style file: comments, quotes, export, literals; a bad line by number only', () => {
    expect(
      parseReferenceFile('# c\n\nexport A=ref+vault://secret/a#/x\nB="ref+awsssm:///b"\nC=\'lit # not a comment\'\nD=plain # comment\n'),
    ).toEqual({
      A: 'ref+vault://secret/a#/x',
      B: 'ref+awsssm:///b',
      C: 'lit # not a comment',
      D: 'plain',
    });
    expect(() => parseReferenceFile('A=1\nthis line holds s3cr3t\n', 'app.env')).toThrow(/^app\.env: line 2 is not NAME=value$/);
    expect(() => parseReferenceFile('A=1\nA=2\n', 'app.env')).toThrow(/A is set twice/);
  });
});

describe('resolving references in one pass', () => {
  /** A client over a map of paths to stored text, counting the backend reads. */
  function counting(seed: Record<string, string>) {
    let calls = 0;
    const client = createClient({
      provider: {
        name: 'counted',
        // The read options a vault reference may carry.
        options: { get: { unwrap: 'boolean', version: 'integer' } },
        async get({ path }) {
          calls++;
          const value = seed[path];
          return value === undefined ? undefined : { value };
        },
      },
      cache: false,
    });
    return { client, calls: () => calls };
  }

  it('reads a secret once however many keys are taken, and returns a typed object', async () => {
    const vault = counting({ 'app/db': '{"user":"u","password":"p","port":5432}', 'app/token': 'tok' });
    const clients: Record<string, CofferClient> = { vault: vault.client };
    const env = await resolveReferences(
      {
        DB_USER: 'ref+vault://secret/app/db#/user',
        DB_PASSWORD: 'ref+vault://secret/app/db#/password',
        DB_PORT: 'ref+vault://secret/app/db#/port',
        DB: 'ref+vault://secret/app/db',
        TOKEN: 'ref+vault://secret/app/token',
        LITERAL: 'x',
      },
      { client: (provider) => clients[provider] as CofferClient },
    );
    expect(env).toEqual({
      DB_USER: 'u',
      DB_PASSWORD: 'p',
      DB_PORT: '5432',
      DB: '{"user":"u","password":"p","port":5432}',
      TOKEN: 'tok',
      LITERAL: 'x',
    });
    const password: string = env.DB_PASSWORD;
    expect(password).toBe('p');
    // @ts-expect-error: only the names given come back
    expect(env.NOT_GIVEN).toBeUndefined();
    expect(vault.calls()).toBe(3);
  });

  it('names the variable of a missing key, never a value', async () => {
    const vault = counting({ 'app/db': '{"user":"s3cr3t-user"}' });
    await expect(resolveReferences({ DB_PASSWORD: 'ref+vault://secret/app/db#/password' }, { client: () => vault.client })).rejects.toThrow(
      /^DB_PASSWORD: key password not found/,
    );
  });

  it('reads ref+file:// relative to the reference file', async () => {
    const folder = folderWith({ 'local.yml': 'db:\n  password: pw\n  port: 5432\n' });
    writeFileSync(join(folder, 'app.env'), 'PW=ref+file://local.yml#/db/password\nPORT=ref+file://local.yml#/db/port\n');
    const { references, baseDir } = loadReferenceFile(join(folder, 'app.env'));
    expect(await resolveReferences(references, { baseDir })).toEqual({ PW: 'pw', PORT: '5432' });
  });
});
