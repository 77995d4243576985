import { request } from 'node:http';
import { ParameterStore } from '@coffer/aws-ps';
import { credentials, motoEndpoint, region, seedSsm, uniquePrefix } from './support';

/** Creates a Secrets Manager secret in the emulator with one plain JSON-protocol request (this package has no Secrets Manager SDK). */
function createSecret(name: string, value: string): Promise<number> {
  const body = JSON.stringify({ Name: name, SecretString: value });
  const url = new URL(motoEndpoint());
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'secretsmanager.CreateSecret',
          authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20260101/${region}/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('aws.ps Secrets Manager references', () => {
  it('reads a secret through /aws/reference/secretsmanager/, decrypted even when asked not to, and finds it exists', async () => {
    const secret = `${uniquePrefix().slice(1)}/db`;
    expect(await createSecret(secret, '{"password":"pw"}')).toBe(200);
    const ps = new ParameterStore({ endpoint: motoEndpoint(), region, credentials });
    const reference = `/aws/reference/secretsmanager/${secret}`;

    expect(await ps.get(reference, { keypath: ['password'] })).toBe('pw');
    expect(await ps.get(reference, { decrypt: false, keypath: ['password'] })).toBe('pw');
    expect(await ps.pathExists(reference)).toBe(true);
    expect(await ps.pathExists(`${reference}-missing`)).toBe(false);
    await ps.close();
  });

  it('reads a missing reference in the same tick as other names without failing them', async () => {
    const name = `${uniquePrefix()}/plain`;
    await seedSsm([{ name, value: 'unaffected' }]);
    const ps = new ParameterStore({ endpoint: motoEndpoint(), region, credentials });

    const [missing, plain] = await Promise.allSettled([ps.get(`/aws/reference/secretsmanager/${uniquePrefix().slice(1)}`), ps.get(name)]);

    expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'SECRET_NOT_FOUND' } });
    expect(plain).toEqual({ status: 'fulfilled', value: 'unaffected' });
    expect(ps.stats().apiCalls).toBe(2);
    await ps.close();
  });
});
