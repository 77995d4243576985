import { awsPsExtension } from '@coffer/aws-ps/extension';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import { createClient, memoryCache, memoryProvider, type Provider } from '@coffer/core';
import { type RunningServer, serve, serveBackend } from 'coffer';
import { send } from './http-send';

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
    // The memory provider's version and date come back as the agent writes them.
    expect(JSON.parse(byQuery.body)).toEqual({
      Name: 'app/db',
      SecretString: `{"password":"${VALUE}"}`,
      VersionStages: ['AWSCURRENT'],
      VersionId: '1',
      CreatedDate: expect.stringMatching(/^\d+(\.\d+)?$/),
    });
    expect(JSON.parse(byPath.body)).toEqual(JSON.parse(byQuery.body));
    expect(JSON.parse(binary.body)).toMatchObject({ SecretBinary: Buffer.from([1, 2, 255]).toString('base64') });
  });

  it('answers /systemsmanager/parameters/get with a Parameter, its type kept through the cache', async () => {
    const list = await send(server.port, '/systemsmanager/parameters/get?name=/app/hosts&withDecryption=true', auth);
    const again = await send(server.port, '/systemsmanager/parameters/get?name=/app/hosts&withDecryption=true', auth);

    expect(JSON.parse(list.body)).toEqual({
      Parameter: {
        Name: '/app/hosts',
        Type: 'StringList',
        Value: 'a,b',
        DataType: 'text',
        Version: 1,
        LastModifiedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
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

  it("answers the agent's fields from what the backend said, kept through the cache", async () => {
    const stored = memoryProvider({ seed: { 'meta/db': 'pw', '/meta/secure': 'pw' } });
    const said = {
      'meta/db': {
        version: 'v-2',
        updatedAt: '2026-01-02T03:04:05.000Z',
        fields: { ARN: 'arn:aws:secretsmanager:r:1:secret:meta/db-AbC', Name: 'meta/db', VersionStages: ['AWSCURRENT', 'blue'] },
      },
      '/meta/secure': {
        version: '4',
        updatedAt: '2026-01-02T03:04:05.000Z',
        fields: { Type: 'SecureString', ARN: 'arn:aws:ssm:r:1:parameter/meta/secure', DataType: 'text' },
      },
    } as const;
    let reads = 0;
    const withMetadata: Provider = {
      ...stored,
      getMany: async (requests, context) => {
        reads++;
        const raws = await (stored.getMany as NonNullable<Provider['getMany']>)(requests, context);
        return raws.map((raw, i) => {
          const path = requests[i]?.path as keyof typeof said;
          return raw && !(raw instanceof Error) ? { ...raw, metadata: said[path] } : raw;
        });
      },
    };
    const backend = () => serveBackend(withMetadata, { cache: memoryCache() });
    const own = await serve({ port: 0, token: TOKEN, backends: { secrets: backend(), parameters: backend() } });

    const secret = await send(own.port, '/secretsmanager/get?secretId=meta/db', auth);
    const again = await send(own.port, '/v1/meta/db', auth);
    const parameter = await send(own.port, '/systemsmanager/parameters/get?name=/meta/secure&withDecryption=true', auth);

    expect(secret.body).toBe(
      '{"ARN":"arn:aws:secretsmanager:r:1:secret:meta/db-AbC","Name":"meta/db","VersionId":"v-2","SecretString":"pw",' +
        '"VersionStages":["AWSCURRENT","blue"],"CreatedDate":"1767323045"}',
    );
    expect(again.body).toBe(secret.body);
    expect(JSON.parse(parameter.body)).toEqual({
      Parameter: {
        Name: '/meta/secure',
        Type: 'SecureString',
        Value: 'pw',
        Version: 4,
        LastModifiedDate: '2026-01-02T03:04:05.000Z',
        ARN: 'arn:aws:ssm:r:1:parameter/meta/secure',
        DataType: 'text',
      },
      ResultMetadata: {},
    });
    expect(reads).toBe(2);
    await own.close();
  });

  it('gathers a cold burst of 100 distinct secrets into full batches: at most 7 backend calls', async () => {
    const seed = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`cold/s${i}`, `v${i}`]));
    const backend = memoryProvider({ seed, maxBatchSize: 20 });
    let calls = 0;
    const counting: Provider = {
      ...backend,
      getMany: (requests, context) => {
        calls++;
        return (backend.getMany as NonNullable<Provider['getMany']>)(requests, context);
      },
    };
    // The default window (5 ms of quiet, 50 ms at most); `pnpm bench` measures it against the agent.
    const secrets = serveBackend(counting, { cache: memoryCache() });
    const own = await serve({ port: 0, token: TOKEN, batchWindow: '5ms', backends: { secrets } });

    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => send(own.port, `/v1/cold/s${i}`, auth)));

    expect(answers.every((answer, i) => JSON.parse(answer.body).SecretString === `v${i}`)).toBe(true);
    expect(calls).toBeLessThanOrEqual(7);
    await own.close();
  });

  it('says a port is taken, and which', async () => {
    const first = await serve({ port: 0, token: TOKEN, backends: {} });
    await expect(serve({ port: first.port, token: TOKEN, backends: {} })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: `port ${first.port} on 127.0.0.1 is taken by another process: stop it, or pick another port (0 picks a free one)`,
    });
    await first.close();
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
