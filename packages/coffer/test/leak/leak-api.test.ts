import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type CacheAdapter,
  createClient,
  fileProvider,
  keyvCache,
  memoryCache,
  memoryProvider,
  ParameterStore,
  SecretsManager,
} from 'coffer';
import { captureOutput, leaksOf } from '../../../../scripts/test-support/leak/capture';
import { awsError, type FakeBackend, fakeBackend } from '../../../../scripts/test-support/leak/fake-backend';
import { type LeakScenario, leakMarker } from '../../../../scripts/test-support/leak/marker';

// Seeds one marker secret and drives every error path of the library with it; the marker must
// never show in an error (message, stack, causes, inspect at any depth, JSON) nor in any output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
jest.setTimeout(60_000);
const MARKER = leakMarker();
const folder = mkdtempSync(join(tmpdir(), 'coffer-leak-'));
const aws = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLEAK', secretAccessKey: 'not-a-real-secret' },
  maxAttempts: 1,
  timeoutMs: 300,
};
let backend: FakeBackend;

beforeAll(async () => {
  backend = await fakeBackend();
});
afterAll(() => backend.close());

const parameter = (name: string, value: string) =>
  ({
    status: 200,
    body: JSON.stringify({ Parameters: [{ Name: name, Type: 'String', Value: value, Version: 1 }], InvalidParameters: [] }),
  }) as const;

function memoryScenarios(): LeakScenario[] {
  const provider = memoryProvider({
    seed: { '/db': { password: MARKER }, '/plain': `not json ${MARKER}`, '/broken': `{"password": "${MARKER}"`, '/list': [MARKER, 'b'] },
  });
  const client = createClient({ provider, cache: memoryCache() });
  return [
    { name: 'a missing key of a JSON secret', expect: 'throws', run: () => client.get('/db', { keypath: ['nope'] }) },
    { name: 'a keypath through a text value', expect: 'throws', run: () => client.get('/db', { keypath: ['password', 'x'] }) },
    { name: 'a keypath index into a text value', expect: 'throws', run: () => client.get('/db', { keypath: ['password', 0] }) },
    { name: 'a keypath into a list', expect: 'throws', run: () => client.get('/list', { keypath: ['x'] }) },
    { name: 'not found, with the marker as default', expect: 'any', run: () => client.get('/missing', { default: MARKER }) },
    {
      name: 'a bad option beside a marker default',
      expect: 'throws',
      run: () => client.get('/db', { default: MARKER, decode: 'bogus' as never }),
    },
    { name: "decode 'json' of text that is not JSON", expect: 'throws', run: () => client.get('/plain', { decode: 'json' }) },
    { name: "decode 'json' of broken JSON", expect: 'throws', run: () => client.get('/broken', { decode: 'json' }) },
    { name: 'a keypath into broken JSON', expect: 'throws', run: () => client.get('/broken', { keypath: ['password'] }) },
    { name: 'an update with a bad option', expect: 'throws', run: () => client.update('/db', MARKER, { create: MARKER as never }) },
    { name: 'an update of a value that cannot be JSON', expect: 'throws', run: () => client.update('/db', { a: MARKER, b: 1n } as never) },
    {
      name: 'a cached read, then inspect of client, provider and cache',
      expect: 'any',
      run: async () => {
        const cache = memoryCache();
        const cached = createClient({ provider, cache });
        await cached.get('/db');
        const shown = [
          inspect(cached, { depth: Number.POSITIVE_INFINITY }),
          inspect(provider, { depth: Number.POSITIVE_INFINITY }),
          inspect(cache, { depth: Number.POSITIVE_INFINITY }),
        ];
        if (shown.some((text) => text.includes(MARKER))) throw new Error(`inspect shows the value: ${shown.join(' | ')}`);
      },
    },
  ];
}

function localScenarios(): LeakScenario[] {
  const files = {
    'corrupt.json': `{"db": {"password": "${MARKER}"`,
    'corrupt.yml': `db:\n  password: "${MARKER}\n  - [`,
    'corrupt.env': `PASSWORD="${MARKER}\nOTHER=1`,
  };
  return Object.entries(files).map(([name, text]) => {
    const file = join(folder, name);
    writeFileSync(file, text, { mode: 0o600 });
    return {
      name: `a corrupt file (${name})`,
      expect: 'throws',
      run: () => createClient({ provider: fileProvider({ file }), cache: false }).get('/db/password'),
    };
  });
}

function cacheScenarios(): LeakScenario[] {
  const quoting = (operation: string) => (key: string, entry?: unknown) => {
    throw new Error(`cache ${operation} failed for ${key}: ${JSON.stringify(entry)} ${MARKER}`);
  };
  const failing: CacheAdapter = {
    name: 'failing',
    get: quoting('get'),
    set: quoting('set'),
    delete: quoting('delete'),
    clear: quoting('clear') as never,
  };
  const provider = memoryProvider({ seed: { '/db': MARKER } });
  const corrupt = join(folder, 'corrupt.sqlite');
  writeFileSync(corrupt, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.from(`garbage ${MARKER} `.repeat(200))]), {
    mode: 0o600,
  });
  return [
    {
      name: 'a cache that fails, quoting what it was given',
      expect: 'any',
      run: () => createClient({ provider, cache: failing }).get('/db'),
    },
    {
      name: 'an update through a failing cache',
      expect: 'any',
      run: () => createClient({ provider, cache: failing }).update('/db', MARKER),
    },
    {
      name: 'a corrupt SQLite cache file',
      expect: 'any',
      run: async () => {
        const client = createClient({
          provider,
          cache: keyvCache({ path: corrupt, encryptionKey: Buffer.alloc(32, 7).toString('base64') }),
        });
        await client.get('/db');
        await client.close();
      },
    },
  ];
}

function awsScenarios(): LeakScenario[] {
  const ps = (options: object = {}) => new ParameterStore({ ...aws, endpoint: backend.endpoint, cache: false, ...options });
  const sm = () => new SecretsManager({ ...aws, endpoint: backend.endpoint, cache: false });
  const on = (answer: Parameters<FakeBackend['answer']>[0], run: () => Promise<unknown>) => () => {
    backend.answer(answer);
    return run();
  };
  return [
    {
      name: 'aws.ps: a 400 quoting the value',
      expect: 'throws',
      run: on(
        () => awsError(400, 'ValidationException', MARKER),
        () => ps().get('/x'),
      ),
    },
    {
      name: 'aws.ps: a 500 quoting the value',
      expect: 'throws',
      run: on(
        () => awsError(500, 'InternalServerError', MARKER),
        () => ps().get('/x'),
      ),
    },
    {
      name: 'aws.ps: access denied quoting the value',
      expect: 'throws',
      run: on(
        () => awsError(400, 'AccessDeniedException', MARKER),
        () => ps().get('/x'),
      ),
    },
    {
      name: 'aws.ps: a truncated body holding the value',
      expect: 'throws',
      run: on(
        () => ({ ...parameter('/x', MARKER), truncate: true }),
        () => ps().get('/x'),
      ),
    },
    {
      name: 'aws.ps: a body that is not JSON',
      expect: 'throws',
      run: on(
        () => ({ status: 200, body: `<html>${MARKER}</html>` }),
        () => ps().get('/x'),
      ),
    },
    {
      name: 'aws.ps: a StringList answer read with a bad keypath',
      expect: 'throws',
      run: on(
        () => parameter('/x', MARKER),
        () => ps().get('/x', { keypath: ['k'] }),
      ),
    },
    {
      name: 'aws.ps: an update refused, quoting the value',
      expect: 'throws',
      run: on(
        (request) =>
          request.operation === 'DescribeParameters'
            ? { status: 200, body: JSON.stringify({ Parameters: [{ Name: '/x', Type: 'String', Tier: 'Standard' }] }) }
            : awsError(400, 'ValidationException', MARKER),
        () => ps().update('/x', MARKER),
      ),
    },
    { name: 'aws.ps: a value too large', expect: 'throws', run: () => ps().update('/x', MARKER.repeat(400), { create: true }) },
    { name: 'aws.ps: a list item with a comma', expect: 'throws', run: () => ps().update('/x', [`${MARKER},x`], { create: true }) },
    {
      name: 'aws.ps: a timeout with no stale value',
      expect: 'throws',
      run: on(
        () => 'hang',
        () => ps({ staleIfError: false }).get('/x'),
      ),
    },
    {
      name: 'aws.ps: a timeout after a cached value expired',
      expect: 'any',
      run: async () => {
        backend.answer(() => parameter('/x', MARKER));
        const client = ps({ cache: memoryCache(), ttl: 1 });
        await client.get('/x');
        await new Promise((resolve) => setTimeout(resolve, 5));
        backend.answer(() => 'hang');
        return client.get('/x');
      },
    },
    {
      name: 'aws.sm: a 400 quoting the value',
      expect: 'throws',
      run: on(
        () => awsError(400, 'InvalidRequestException', MARKER),
        () => sm().get('x'),
      ),
    },
    {
      name: 'aws.sm: an update refused, quoting the value',
      expect: 'throws',
      run: on(
        () => awsError(400, 'InvalidParameterException', MARKER),
        () => sm().update('x', MARKER),
      ),
    },
    { name: 'aws.sm: a bad name beside the value', expect: 'throws', run: () => sm().update('bad name!', MARKER) },
    {
      name: 'aws.ps: an SDK error whose message looks like an error code (aws-sdk-client-mock)',
      expect: 'throws',
      run: () => {
        const client = new SSMClient({ region: 'us-east-1' });
        mockClient(client)
          .on(GetParametersCommand)
          .rejects(new Error(`getaddrinfo ${MARKER} ${MARKER.toLowerCase()}`));
        return new ParameterStore({ ...aws, client, cache: false }).get('/x');
      },
    },
  ];
}

it('no error path shows the marker secret in an error or in any output', async () => {
  const scenarios = [...memoryScenarios(), ...localScenarios(), ...cacheScenarios(), ...awsScenarios()];
  const found: string[] = [];
  for (const scenario of scenarios) {
    const output = captureOutput();
    let error: unknown;
    try {
      await scenario.run();
    } catch (failure) {
      error = failure;
    } finally {
      output.stop();
    }
    if (scenario.expect === 'throws' && error === undefined) found.push(`${scenario.name}: did not fail, so its error path was not taken`);
    if (error !== undefined) for (const where of leaksOf(error, MARKER)) found.push(`${scenario.name}: the error's ${where}`);
    if (output.text().toUpperCase().includes(MARKER)) found.push(`${scenario.name}: console or process output`);
  }
  console.log(
    `leak hunt (library): ${scenarios.length} error paths, each error searched in message, stack, causes, inspect (depth Infinity), String and JSON, and all output captured; marker found ${found.length} times${found.length ? `:\n  ${found.join('\n  ')}` : ''}`,
  );
  expect(found).toEqual([]);
});
