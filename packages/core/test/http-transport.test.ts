import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { type HttpJsonRequest, HttpJsonTransport, type HttpJsonTransportOptions, ProviderError } from '@coffer/core';
import { freePort, listenLocally } from '../../../scripts/test-support/server-process';

/** A local server answering every request with `status` and a JSON body; it counts requests. */
async function answering(status: number) {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status }));
  });
  return { seen, ...(await listenLocally(server)) };
}

function transport(endpoint: string, options: Partial<HttpJsonTransportOptions> = {}) {
  return new HttpJsonTransport({
    endpoint: new URL(endpoint),
    timeoutMs: 2000,
    maxAttempts: 3,
    retryStatus: new Set([500, 503]),
    refusedStatus: new Set([503]),
    networkError: (code) => new ProviderError(`unreachable (${code})`, { transient: true }),
    ...options,
  });
}

const counted = () => {
  const context = {
    calls: 0,
    countApiCall(count = 1) {
      context.calls += count;
    },
  };
  return context;
};
const read: HttpJsonRequest = { method: 'GET', path: '/v1/x', idempotent: true };
const write: HttpJsonRequest = { method: 'POST', path: '/v1/x', body: { a: 1 }, idempotent: false };

describe('HttpJsonTransport', () => {
  it('retries a read answered 503 up to maxAttempts, counting every attempt, then answers the status', async () => {
    const server = await answering(503);
    const http = transport(server.endpoint);
    const context = counted();

    const answer = await http.send(read, context);

    expect(answer).toEqual({ status: 503, body: { status: 503 } });
    expect(server.seen).toEqual(['GET /v1/x', 'GET /v1/x', 'GET /v1/x']);
    expect(context.calls).toBe(3);
    http.close();
    await server.close();
  });

  it('retries a write only when the server refused it', async () => {
    const [failed, refused] = [await answering(500), await answering(503)];

    await transport(failed.endpoint).send(write, counted());
    await transport(refused.endpoint).send(write, counted());

    expect(failed.seen).toHaveLength(1);
    expect(refused.seen).toHaveLength(3);
    await Promise.all([failed.close(), refused.close()]);
  });

  it('turns a network failure into the provider error after its attempts, and stops at once on a permanent one', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const [transient, permanent] = [counted(), counted()];

    const first = await transport(endpoint)
      .send(read, transient)
      .catch((error: unknown) => error);
    const second = await transport(endpoint, { isPermanent: (code) => code === 'ECONNREFUSED' })
      .send(read, permanent)
      .catch((error: unknown) => error);

    expect(first).toMatchObject({ code: 'PROVIDER_ERROR', message: 'unreachable (ECONNREFUSED)' });
    expect(transient.calls).toBe(3);
    expect(second).toBeInstanceOf(ProviderError);
    expect(permanent.calls).toBe(1);
  });

  it('is not loaded with @coffer/core: importing core loads neither node:http nor TLS', () => {
    const core = join(__dirname, '..', 'dist', 'index.js');
    const script = `const before = new Set(process.moduleLoadList); require(${JSON.stringify(core)});
      process.stdout.write(process.moduleLoadList.filter((m) => !before.has(m) && /NativeModule (https?|tls)$/.test(m)).join(','));`;

    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toBe('');
  });
});
