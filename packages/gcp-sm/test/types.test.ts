import { get } from '@coffer/core';
import { GcpSecretManager, gcpSm } from '@coffer/gcp-sm';

// Type tests: the compiler refuses these (tsc -p tsconfig.tests.json runs in scripts/test.sh);
// at run time the same options are a ValidationError.
describe('gcp.sm options the compiler refuses', () => {
  it('refuses credentials of the wrong shape, a text timeout and an unknown read option', async () => {
    // @ts-expect-error: credentials are { accessToken }, a key object or a token source, not a file name
    expect(() => gcpSm({ credentials: 'key.json' })).toThrow(/credentials must be/);
    // @ts-expect-error: an access token is text
    expect(() => gcpSm({ project: 'p', credentials: { accessToken: 42 } })).toThrow(/credentials must be/);
    // @ts-expect-error: timeoutMs is a number of milliseconds
    expect(() => gcpSm({ project: 'p', timeoutMs: '5s' })).toThrow(/timeoutMs must be a positive integer/);
    const secrets = new GcpSecretManager({ project: 'p', endpoint: 'http://127.0.0.1:1', credentials: { accessToken: 't' } });
    // @ts-expect-error: versionId is aws.sm's option; gcp.sm takes version
    await expect(secrets.get('db', { versionId: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // @ts-expect-error: a version is a number or 'latest'
    await expect(secrets.get('db', { version: 'newest' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // @ts-expect-error: labels are text
    await expect(secrets.update('db', 'v', { create: true, labels: { team: 1 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await secrets.close();
  });

  it('types the top-level functions for gcp.sm', async () => {
    // @ts-expect-error: decrypt is aws.ps's option
    await expect(get('gcp.sm', 'projects/p/secrets/db', { decrypt: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
