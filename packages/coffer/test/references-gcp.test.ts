import { randomBytes } from 'node:crypto';
import { configure, parseReference, resolveReferences } from 'coffer';

const endpoint = process.env.COFFER_TEST_GCP_ENDPOINT;
const project = 'coffer-test';
const accessToken = 'drongo-test-token';

describe('ref+gcpsecrets references', () => {
  it('parses PROJECT/SECRET, ?version= and a keypath as vals writes them', () => {
    expect(parseReference('ref+gcpsecrets://my-project/db?version=3#/creds/password')).toEqual({
      provider: 'gcp.sm',
      path: 'projects/my-project/secrets/db',
      keypath: ['creds', 'password'],
      providerOptions: {},
      readOptions: { version: 3 },
    });
    expect(parseReference('ref+gcpsecrets://my-project/db?version=latest')).toMatchObject({ readOptions: {}, keypath: [] });
  });

  it('refuses a reference without a secret, with a bad version or an unknown option', () => {
    for (const text of [
      'ref+gcpsecrets://my-project',
      'ref+gcpsecrets://p/db/extra',
      'ref+gcpsecrets://p/db?version=x',
      'ref+gcpsecrets://p/db?region=x',
    ]) {
      expect(() => parseReference(text)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  (endpoint ? it : it.skip)('resolves against drongo, one read for two keys of one secret', async () => {
    const id = `ref${randomBytes(5).toString('hex')}`;
    const call = (path: string, body: unknown) =>
      fetch(`${endpoint}/v1/projects/${project}/${path}`, { method: 'POST', body: JSON.stringify(body) });
    await call(`secrets?secretId=${id}`, { replication: { automatic: {} } });
    await call(`secrets/${id}:addVersion`, { payload: { data: Buffer.from('{"user":"old"}').toString('base64') } });
    await call(`secrets/${id}:addVersion`, { payload: { data: Buffer.from('{"user":"app","pw":"p1"}').toString('base64') } });
    configure('gcp.sm', { endpoint, credentials: { accessToken } });
    try {
      const env = await resolveReferences({
        USER: `ref+gcpsecrets://${project}/${id}#/user`,
        PW: `ref+gcpsecrets://${project}/${id}#/pw`,
        OLD: `ref+gcpsecrets://${project}/${id}?version=1#/user`,
      });
      expect(env).toEqual({ USER: 'app', PW: 'p1', OLD: 'old' });
    } finally {
      configure('gcp.sm');
    }
  });
});
