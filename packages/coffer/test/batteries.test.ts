import { randomBytes } from 'node:crypto';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { configure, get, getByPath, pathExists, providerNames, update } from 'coffer';

const endpoint = process.env.COFFER_TEST_AWS_ENDPOINT as string;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('the coffer package', () => {
  it('registers every built-in provider on import', () => {
    expect(providerNames()).toEqual(expect.arrayContaining(['aws.ps', 'aws.sm', 'gcp.sm', 'env', 'file']));
  });

  it('reads Parameter Store through the top-level functions, configured once', async () => {
    const prefix = `/batteries-${randomBytes(4).toString('hex')}`;
    const ssm = new SSMClient({ endpoint, region: 'eu-west-1', credentials });
    await ssm.send(new PutParameterCommand({ Name: `${prefix}/db`, Value: '{"password":"pw-1"}', Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: `${prefix}/flag`, Value: 'off', Type: 'String' }));
    configure('aws.ps', { endpoint, region: 'eu-west-1', credentials });

    expect(await get('aws.ps', `${prefix}/db`, { keypath: ['password'] })).toBe('pw-1');
    expect(await getByPath('aws.ps', prefix)).toEqual({ [`${prefix}/db`]: { password: 'pw-1' }, [`${prefix}/flag`]: 'off' });
    expect(await pathExists('aws.ps', prefix)).toBe(true);
    await update('aws.ps', `${prefix}/flag`, 'on');
    expect(await get('aws.ps', `${prefix}/flag`)).toBe('on');
  });

  it('reads the environment through the env provider', async () => {
    const name = `COFFER_BATTERIES_${randomBytes(4).toString('hex').toUpperCase()}`;
    process.env[name] = '{"k":"v"}';
    expect(await get('env', name, { keypath: ['k'] })).toBe('v');
  });
});
