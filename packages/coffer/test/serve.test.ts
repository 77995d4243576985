import { request } from 'node:http';
import { awsPsExtension } from '@coffer/aws-ps/extension';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import { createClient, memoryCache, memoryProvider, type Provider } from '@coffer/core';
import { type RunningServer, serve, serveBackend } from 'coffer';

interface Sent {
  status: number;
  body: string;
}

/** One raw HTTP request to the server, as curl would send it. */
function send(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const TOKEN = 'serve-test-token';
const auth = { 'X-Aws-Parameters-Secrets-Token': TOKEN };
const VALUE = 'pw-9f8e7d';

describe('coffer serve', () => {
  let server: RunningServer;
  const lines: string[] = [];
  const secrets = memoryProvider({
    seed: { 'app/db': `{"password":"${VALUE}"}`, 'app/key': new Uint8Array([1, 2, 255]) },
  });
  const parameters = memoryProvider({ seed: { '/app/hosts': ['a', 'b'], '/app/secure': VALUE }, secure: ['/app/secure'] });

  beforeAll(async () => {
    server = await serve({
      port: 0,
      token: TOKEN,
      log: (line) => lines.push(line),
      backends: {
        secrets: serveBackend(secrets, { cache: memoryCache() }),
        parameters: serveBackend(parameters, { cache: memoryCache() }),
      },
    });
  });
  afterAll(() => server.close());

  it('answers /secretsmanager/get and /v1/<id> with the GetSecretValue fields, binary in base64', async () => {
    const byQuery = await send(server.port, '/secretsmanager/get?secretId=app%2Fdb', auth);
    const byPath = await send(server.port, '/v1/app/db', auth);
    const binary = await send(server.port, '/secretsmanager/get?secretId=app/key', auth);

    expect(byQuery.status).toBe(200);
    expect(JSON.parse(byQuery.body)).toEqual({ Name: 'app/db', SecretString: `{"password":"${VALUE}"}`, VersionStages: ['AWSCURRENT'] });
    expect(JSON.parse(byPath.body)).toEqual(JSON.parse(byQuery.body));
    expect(JSON.parse(binary.body)).toMatchObject({ SecretBinary: Buffer.from([1, 2, 255]).toString('base64') });
  });

  it('answers /systemsmanager/parameters/get with a Parameter, its type kept through the cache', async () => {
    const list = await send(server.port, '/systemsmanager/parameters/get?name=/app/hosts&withDecryption=true', auth);
    const again = await send(server.port, '/systemsmanager/parameters/get?name=/app/hosts&withDecryption=true', auth);

    expect(JSON.parse(list.body)).toEqual({
      Parameter: { Name: '/app/hosts', Type: 'StringList', Value: 'a,b', DataType: 'text' },
      ResultMetadata: {},
    });
    expect(again.body).toBe(list.body);
  });

  it('refuses as the agent does: no token or a wrong one 403, X-Forwarded-For 400, POST 405, unknown parameter 400', async () => {
    const target = '/secretsmanager/get?secretId=app/db';
    expect((await send(server.port, target)).status).toBe(403);
    expect((await send(server.port, target, { 'X-Aws-Parameters-Secrets-Token': 'wrong' })).status).toBe(403);
    expect((await send(server.port, target, { ...auth, 'X-Forwarded-For': '10.0.0.1' })).status).toBe(400);
    expect((await send(server.port, target, auth, 'POST')).status).toBe(405);
    expect(await send(server.port, `${target}&color=blue`, auth)).toEqual({ status: 400, body: 'unknown parameter: color' });
    expect(await send(server.port, '/secretsmanager/get', auth)).toEqual({ status: 400, body: 'missing parameter secretId' });
    expect((await send(server.port, '/elsewhere', auth)).status).toBe(404);
    expect(await send(server.port, '/ping')).toEqual({ status: 200, body: 'healthy' });
  });

  it('answers a missing secret 400 ResourceNotFoundException, as AWS does through the agent', async () => {
    const missing = await send(server.port, '/secretsmanager/get?secretId=app/none', auth);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ __type: 'ResourceNotFoundException' });
  });

  it('serves the transport: decoding, keypath, StringList and bytes come through', async () => {
    const sm = createClient({ provider: awsSmExtension({ port: server.port, token: TOKEN }), cache: false });
    const ps = createClient({ provider: awsPsExtension({ port: server.port, token: TOKEN }), cache: false });

    expect(await sm.get('app/db', { keypath: ['password'] })).toBe(VALUE);
    expect([...((await sm.get('app/key')) as Uint8Array)]).toEqual([1, 2, 255]);
    expect(await ps.get('/app/hosts')).toEqual(['a', 'b']);
    expect(await ps.get('/app/secure')).toBe(VALUE);
    expect(await ps.get('/app/secure', { decrypt: false })).toMatch(/^encrypted:/);
    await Promise.all([sm.close(), ps.close()]);
  });

  it('makes at most one backend read per secret for many concurrent requests (single flight, shared cache)', async () => {
    const seed = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`batch/s${i}`, `v${i}`]));
    const backend = memoryProvider({ seed });
    let names = 0;
    const counting: Provider = {
      ...backend,
      getMany: (requests, context) => {
        names += requests.length;
        return (backend.getMany as NonNullable<Provider['getMany']>)(requests, context);
      },
    };
    const own = await serve({ port: 0, token: TOKEN, backends: { secrets: serveBackend(counting, { cache: memoryCache() }) } });

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => send(own.port, `/secretsmanager/get?secretId=batch/s${i % 10}`, auth)),
    );

    expect(answers.every((answer, i) => JSON.parse(answer.body).SecretString === `v${i % 10}`)).toBe(true);
    expect(names).toBe(10);
    await own.close();
  });

  it('logs method, route and status, never a name or a value', () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line).toMatch(/^[A-Z]+ (secret|parameter|ping|-) \d{3}$/);
      expect(line).not.toContain(VALUE);
    }
  });

  it('will not start without a token', async () => {
    const saved = { ...process.env };
    try {
      for (const name of ['AWS_TOKEN', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN']) delete process.env[name];
      await expect(serve({ port: 0, backends: {} })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/token/),
      });
    } finally {
      process.env = saved;
    }
  });
});
