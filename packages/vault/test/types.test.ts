import { Vault, vault } from '@coffer/vault';

// Type tests: the compiler refuses these (tsc -p tsconfig.tests.json runs in scripts/test.sh);
// at run time the same options are a ValidationError.
describe('vault options the compiler refuses', () => {
  it('refuses a token and AppRole together, a KV version that does not exist, a text port', () => {
    // @ts-expect-error: a token or AppRole, not both
    expect(() => vault({ token: 't', appRole: { roleId: 'r', secretId: 's' } })).toThrow(/either token or appRole/);
    // @ts-expect-error: KV has versions 1 and 2
    expect(() => vault({ kvVersion: 3, token: 't' })).toThrow(/kvVersion must be 1 or 2/);
    // @ts-expect-error: AppRole needs both ids
    expect(() => new Vault({ appRole: { roleId: 'r' } })).toThrow(/appRole needs both roleId and secretId/);
    // @ts-expect-error: timeoutMs is a number of milliseconds
    expect(() => vault({ timeoutMs: '5s', token: 't' })).toThrow(/timeoutMs must be a positive integer/);
    // @ts-expect-error: revokeLeasesOnClose is true or false
    expect(() => vault({ revokeLeasesOnClose: 'yes', token: 't' })).toThrow(/revokeLeasesOnClose must be true or false/);
  });

  it('refuses data without logical: true, and a version of a logical path', async () => {
    const client = new Vault({ address: 'http://127.0.0.1:1', token: 't' });
    // @ts-expect-error: data is sent only to a logical path
    await expect(client.get('pki/issue/web', { data: { common_name: 'a' } })).rejects.toThrow(/only with logical: true/);
    // @ts-expect-error: a logical path has no versions
    await expect(client.get('pki/issue/web', { logical: true, version: 2 })).rejects.toThrow(/no versions/);
    // @ts-expect-error: data holds text, numbers and booleans
    await expect(client.get('pki/issue/web', { logical: true, data: { sans: ['a'] } })).rejects.toThrow(/data.sans must be/);
    await client.close();
  });

  it('takes either way of authenticating', async () => {
    const byToken = new Vault({ address: 'http://127.0.0.1:1', token: 't', ttl: '5m' });
    const byRole = new Vault({ address: 'http://127.0.0.1:1', appRole: { roleId: 'r', secretId: 's', mount: 'ci' } });
    await Promise.all([byToken.close(), byRole.close()]);
  });
});
