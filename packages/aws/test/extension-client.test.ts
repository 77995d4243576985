import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import { createClient, memoryCache } from '@coffer/core';
import { freePort } from '../../../scripts/test-support/server-process';

type Reply = { status: number; body: string };

/** A scripted server of the protocol: each request gets the next reply (the last one repeats). */
async function scripted(replies: Reply[]): Promise<{ port: number; requests: IncomingMessage[]; close(): Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(request);
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)] as Reply;
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const ok = (value: string): Reply => ({ status: 200, body: JSON.stringify({ Name: 'app/db', SecretString: value }) });
const leaky = 'leaky-body-text-s3cr3t';

function client(port: number, extra: Record<string, unknown> = {}) {
  return createClient({ provider: awsSmExtension({ port, token: 'token', ...extra }), cache: memoryCache(), staleIfError: '1h' });
}

describe('the extension client', () => {
  it('sends the token header to 127.0.0.1 and reads the answer', async () => {
    const server = await scripted([ok('v')]);
    const sm = client(server.port);

    expect(await sm.get('app/db')).toBe('v');
    expect(server.requests[0]?.headers['x-aws-parameters-secrets-token']).toBe('token');
    expect(server.requests[0]?.url).toBe('/secretsmanager/get?secretId=app%2Fdb');
    await sm.close();
    await server.close();
  });

  it('takes the token from AWS_SESSION_TOKEN as the extension does, and from a file:// AWS_TOKEN as the agent does', async () => {
    const server = await scripted([ok('v')]);
    const saved = { ...process.env };
    try {
      delete process.env.AWS_TOKEN;
      process.env.AWS_SESSION_TOKEN = 'session-token';
      const first = createClient({ provider: awsSmExtension({ port: server.port }), cache: false });
      await first.get('app/db');
      expect(server.requests[0]?.headers['x-aws-parameters-secrets-token']).toBe('session-token');
      await first.close();

      const file = join(mkdtempSync(join(tmpdir(), 'coffer-token-')), 'token');
      writeFileSync(file, 'file-token\n');
      process.env.AWS_TOKEN = `file://${file}`;
      const second = createClient({ provider: awsSmExtension({ port: server.port }), cache: false });
      await second.get('app/db');
      expect(server.requests[1]?.headers['x-aws-parameters-secrets-token']).toBe('file-token');
      await second.close();
    } finally {
      process.env = saved;
    }
    await server.close();
  });

  it('retries 429 and 503 within maxAttempts, then reads', async () => {
    const server = await scripted([{ status: 429, body: '' }, { status: 503, body: '' }, ok('after retries')]);
    const sm = client(server.port);

    expect(await sm.get('app/db')).toBe('after retries');
    expect(server.requests).toHaveLength(3);
    expect(sm.stats().apiCalls).toBe(1);
    await sm.close();
    await server.close();
  });

  it.each([
    [500, /HTTP 500/],
    [502, /could not reach AWS/],
    [504, /did not answer in time/],
    [429, /throttled/],
  ])('maps HTTP %i to a transient ProviderError after its attempts, quoting nothing of the body', async (status, message) => {
    const server = await scripted([{ status, body: leaky }]);
    const sm = client(server.port, { maxAttempts: 2 });

    const error = (await sm.get('app/db').then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error;

    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true, message: expect.stringMatching(message) });
    expect(error.message).not.toContain(leaky);
    expect(server.requests).toHaveLength(2);
    await sm.close();
    await server.close();
  });

  it.each([
    [400, JSON.stringify({ __type: 'ResourceNotFoundException', message: leaky }), 'SECRET_NOT_FOUND'],
    [404, JSON.stringify({ __type: 'ResourceNotFoundException', message: leaky }), 'SECRET_NOT_FOUND'],
    [400, JSON.stringify({ __type: 'ValidationException', message: leaky }), 'INVALID_INPUT'],
    [400, JSON.stringify({ __type: 'AccessDeniedException', message: leaky }), 'PROVIDER_ERROR'],
    [400, leaky, 'PROVIDER_ERROR'],
    [403, leaky, 'PROVIDER_ERROR'],
    [404, 'Not found', 'PROVIDER_ERROR'],
  ])('maps HTTP %i %s to %s at once, never quoting the body', async (status, body, code) => {
    const server = await scripted([{ status, body }]);
    const sm = client(server.port);

    const error = (await sm.get('app/db').then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error & { transient?: boolean };

    expect(error).toMatchObject({ code });
    if (code === 'PROVIDER_ERROR') expect(error.transient).toBe(false);
    expect(error.message).not.toContain(leaky);
    expect(server.requests).toHaveLength(1);
    await sm.close();
    await server.close();
  });

  it('treats a damaged body as a transient failure, quoting nothing of it', async () => {
    const server = await scripted([{ status: 200, body: `{${leaky}` }]);
    const sm = client(server.port);

    const error = (await sm.get('app/db').then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error;

    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
    expect(error.message).not.toContain(leaky);
    await sm.close();
    await server.close();
  });

  it('waits for an extension that is still starting, within startupWaitMs', async () => {
    const port = await freePort();
    const sm = client(port, { startupWaitMs: 10_000 });
    const late = createServer((_request, response) => {
      response.end(JSON.stringify({ SecretString: 'late' }));
    });

    const read = sm.get('app/db');
    setTimeout(() => late.listen(port, '127.0.0.1'), 300);

    expect(await read).toBe('late');
    late.closeAllConnections();
    await new Promise((resolve) => late.close(resolve));
    await sm.close();
  });

  it('says the extension is missing once startupWaitMs has passed with nothing listening', async () => {
    const sm = client(await freePort(), { startupWaitMs: 100 });
    await expect(sm.get('app/db')).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      transient: true,
      message: expect.stringMatching(/ECONNREFUSED.*extension layer installed/),
    });
    await sm.close();
  });

  it('serves the stale value while the extension fails, and counts it', async () => {
    const server = await scripted([ok('cached'), { status: 502, body: '' }]);
    const sm = client(server.port, { maxAttempts: 1 });
    expect(await sm.get('app/db')).toBe('cached');
    await sm.refresh();

    expect(await sm.get('app/db')).toBe('cached');
    expect(sm.stats().stale).toBe(1);
    await sm.close();
    await server.close();
  });

  it('bounds the whole attempt, body included: a drip-fed answer is a transient failure after its attempts', async () => {
    let requests = 0;
    const timers: NodeJS.Timeout[] = [];
    const drip = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"SecretString":"');
      // A byte every 20 ms, never the end: no idle timeout would fire, the attempt's deadline does.
      timers.push(setInterval(() => response.write('x'), 20));
    });
    await new Promise<void>((resolve) => drip.listen(0, '127.0.0.1', resolve));
    const sm = client((drip.address() as AddressInfo).port, { timeoutMs: 200, maxAttempts: 2 });

    await expect(sm.get('app/db')).rejects.toMatchObject({ code: 'PROVIDER_ERROR', transient: true });
    expect(requests).toBe(2);
    for (const timer of timers) clearInterval(timer);
    await sm.close();
    drip.closeAllConnections();
    await new Promise((resolve) => drip.close(resolve));
  });

  it('refuses an answer larger than 1 MB without buffering it, at once', async () => {
    const server = await scripted([{ status: 200, body: `{"SecretString":"${'x'.repeat(2 * 1024 * 1024)}"}` }]);
    const sm = client(server.port);

    await expect(sm.get('app/db')).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      transient: false,
      message: expect.stringMatching(/1 MB/),
    });
    expect(server.requests).toHaveLength(1);
    await sm.close();
    await server.close();
  });
});
