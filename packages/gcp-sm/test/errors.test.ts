import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { GcpSecretManager } from '@coffer/gcp-sm';
import { accessToken, describeGcp, endpoint, project, unique } from './support';

/** A stand-in for Secret Manager that answers every request with one error (drongo checks no IAM). */
async function answering(status: number, googleStatus: string): Promise<{ endpoint: string; requests: () => number; server: Server }> {
  let count = 0;
  const server = createServer((request, response) => {
    count++;
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: status, message: `echo of ${request.url}`, status: googleStatus } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => count, server };
}

describe('gcp.sm errors', () => {
  it('maps 403 to a permission error naming the IAM role, without retrying or quoting the server', async () => {
    const stub = await answering(403, 'PERMISSION_DENIED');
    const secrets = new GcpSecretManager({ endpoint: stub.endpoint, project, credentials: { accessToken } });
    try {
      const error = await secrets.get('db').catch((caught: Error) => caught);
      expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false, failure: 'permission' });
      expect((error as Error).message).toMatch(/roles\/secretmanager\.secretAccessor/);
      expect((error as Error).message).not.toMatch(/echo of/);
      await expect(secrets.getByPath('app-')).rejects.toThrow(/roles\/secretmanager\.viewer/);
      await expect(secrets.update('db', 'v')).rejects.toThrow(/roles\/secretmanager\.secretVersionAdder/);
      expect(stub.requests()).toBe(3);
    } finally {
      await secrets.close();
      stub.server.close();
    }
  });

  it('maps 401 to a credentials error, and retries 503 before giving up with a transient one', async () => {
    const refused = await answering(401, 'UNAUTHENTICATED');
    const down = await answering(503, 'UNAVAILABLE');
    const a = new GcpSecretManager({ endpoint: refused.endpoint, project, credentials: { accessToken } });
    const b = new GcpSecretManager({ endpoint: down.endpoint, project, credentials: { accessToken }, maxAttempts: 2 });
    try {
      await expect(a.get('db')).rejects.toMatchObject({ failure: 'credentials', transient: false });
      await expect(b.get('db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
      expect(down.requests()).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
      refused.server.close();
      down.server.close();
    }
  });

  it('refuses a bare secret id without a project before any call, naming the fixes', async () => {
    const saved = { GOOGLE_CLOUD_PROJECT: process.env.GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT: process.env.GCLOUD_PROJECT };
    delete process.env.GOOGLE_CLOUD_PROJECT;
    delete process.env.GCLOUD_PROJECT;
    const secrets = new GcpSecretManager({ endpoint: 'http://127.0.0.1:1', credentials: { accessToken } });
    try {
      const error = await secrets.get('db').catch((caught: Error) => caught);
      expect(error).toMatchObject({ code: 'INVALID_INPUT' });
      expect((error as Error).message).toMatch(/project option.*GOOGLE_CLOUD_PROJECT.*projects\/PROJECT\/secrets\/SECRET/);
      expect(secrets.stats().apiCalls).toBe(0);
    } finally {
      await secrets.close();
      Object.assign(process.env, saved);
    }
  });

  it('says how to get credentials when Application Default Credentials find none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'coffer-gcp-'));
    const saved = { ...process.env };
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    delete process.env.GOOGLE_OAUTH_ACCESS_TOKEN;
    Object.assign(process.env, { CLOUDSDK_CONFIG: empty, HOME: empty, METADATA_SERVER_DETECTION: 'none' });
    const secrets = new GcpSecretManager({ endpoint: 'http://127.0.0.1:1', project });
    try {
      const error = await secrets.get('db').catch((caught: Error) => caught);
      expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: false, failure: 'credentials' });
      expect((error as Error).message).toMatch(/gcloud auth application-default login.*GOOGLE_APPLICATION_CREDENTIALS/);
      expect(secrets.stats().apiCalls).toBe(0);
    } finally {
      await secrets.close();
      process.env = saved;
    }
  });

  it('refuses bad options when constructed', () => {
    expect(() => new GcpSecretManager({ endpoint: 'ftp://x' })).toThrow(/endpoint must be an http\(s\) URL/);
    expect(() => new GcpSecretManager({ project: 'Not A Project' })).toThrow(/not a Google Cloud project id/);
    expect(() => new GcpSecretManager({ project, timeoutMs: 0 })).toThrow(/timeoutMs must be a positive integer/);
  });
});

describeGcp('gcp.sm errors on drongo', () => {
  it('throws SecretNotFoundError naming the secret, and never shows the token', async () => {
    const secrets = new GcpSecretManager({ endpoint: endpoint(), project, credentials: { accessToken } });
    const id = unique('nf');
    const error = await secrets.get(id).catch((caught: Error) => caught);
    expect(error).toMatchObject({ code: 'SECRET_NOT_FOUND' });
    expect((error as Error).message).toContain(id);
    expect(inspect(secrets, { depth: 10, showHidden: true })).not.toContain(accessToken);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(accessToken);
    await secrets.close();
  });
});
