import { randomBytes } from 'node:crypto';
import { buildCli, type CliOptions, coffer, expectOneLineError, folderWith, secret } from '../../coffer/test/cli-helpers';
import { createTable, motoEndpoint, putItem, unique } from './support';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const env = (tableName: string): CliOptions['env'] => ({
  AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST',
  AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
  AWS_REGION: 'us-east-1',
  COFFER_DYNAMODB_TABLE: tableName,
});
const at = () => ['--endpoint', motoEndpoint()];

describe('coffer CLI on aws.dynamodb (moto)', () => {
  it('lists aws.dynamodb among the providers of --help', async () => {
    const help = await coffer(['get', '--help']);
    expect(help.stdout).toContain('aws.dynamodb');
  });

  it('writes an item from stdin, reads it back and answers exists', async () => {
    const tableName = await createTable();
    const name = unique('my-parameter-');
    const value = secret();

    const written = await coffer(['update', 'aws.dynamodb', name, '-', '--create', ...at()], { input: value, env: env(tableName) });
    const read = await coffer(['get', 'aws.dynamodb', name, ...at()], { env: env(tableName) });
    const exists = await coffer(['exists', 'aws.dynamodb', name, ...at()], { env: env(tableName) });
    const absent = await coffer(['exists', 'aws.dynamodb', `${name}-${randomBytes(2).toString('hex')}`, ...at()], { env: env(tableName) });

    expect(written).toMatchObject({ code: 0, stderr: '' });
    expect(read).toMatchObject({ code: 0, stdout: `${value}\n` });
    expect([exists.code, absent.code]).toEqual([0, 1]);
  });

  it('lists a partition of a table keyed by id and sk, as Powertools getMultiple', async () => {
    const tableName = await createTable({ sortKey: true });
    const partition = `/${unique()}/app`;
    await putItem(tableName, { id: { S: partition }, sk: { S: 'db' }, value: { S: '{"host":"db.internal"}' } });
    await putItem(tableName, { id: { S: partition }, sk: { S: 'flag' }, value: { S: 'on' } });

    const listed = await coffer(['get-by-path', 'aws.dynamodb', partition, '--format', 'json', ...at()], { env: env(tableName) });

    expect(JSON.parse(listed.stdout)).toEqual({ [`${partition}/db`]: { host: 'db.internal' }, [`${partition}/flag`]: 'on' });
  });

  it('reads single items of a table keyed by id and sk through the config file of coffer export', async () => {
    const tableName = await createTable({ sortKey: true });
    const partition = `/${unique()}/app`;
    await putItem(tableName, { id: { S: partition }, sk: { S: 'db-host' }, value: { S: 'db.internal' } });
    const folder = folderWith({
      'coffer.yml': [
        'providers:',
        `  aws.dynamodb: { tableName: ${tableName}, compositeKey: true }`,
        'env:',
        `  DB_HOST: { provider: aws.dynamodb, path: ${partition}/db-host }`,
        '',
      ].join('\n'),
    });

    const exported = await coffer(['export', '--format', 'json', ...at()], {
      cwd: folder,
      env: { ...env(''), COFFER_DYNAMODB_TABLE: undefined },
    });

    expect(exported).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(exported.stdout)).toEqual({ DB_HOST: 'db.internal' });
  });

  it('fails in one line, without the value, when the table does not exist', async () => {
    const value = secret();
    const result = await coffer(['update', 'aws.dynamodb', 'name', '-', '--create', ...at()], {
      input: value,
      env: env(unique('no-such-table-')),
    });

    expectOneLineError(result, 3, /DynamoDB has no table 'no-such-table-\w+'/);
    expect(result.stderr).not.toContain(value);
  });

  it('asks for a table name when none is given', async () => {
    const result = await coffer(['get', 'aws.dynamodb', 'name', ...at()], { env: { ...env(''), COFFER_DYNAMODB_TABLE: undefined } });

    expectOneLineError(result, 2, /tableName is required: pass \{ tableName \} or set COFFER_DYNAMODB_TABLE/);
  });
});
