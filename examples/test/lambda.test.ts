import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { memoryCache, ParameterStore, SecretsManager } from 'coffer';
import { type AwsProxy, awsProxy } from '../../scripts/harness/aws-proxy';
import { motoEndpoint } from '../../scripts/harness/moto';
import { startCofferServe } from '../../scripts/test-support/extension-servers';
import { bundleHandler } from '../lambda/bundle';
import { buildPackages } from './run-example';

const run = promisify(execFile);
const credentials = { AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'us-east-1' };
let proxy: AwsProxy;

beforeAll(async () => {
  buildPackages();
  proxy = await awsProxy(motoEndpoint());
}, 180_000);
afterAll(() => proxy.close());

async function seed() {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const aws = { endpoint: motoEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'AKIDCOFFERTEST', secretAccessKey: 'x' } };
  const sm = new SecretsManager({ ...aws, cache: memoryCache() });
  const ps = new ParameterStore({ ...aws, cache: memoryCache() });
  await sm.update(`${prefix}/db`, { user: 'app', password: 'pw' }, { create: true });
  await ps.update(`/${prefix}/flags/new-ui`, 'on', { create: true, type: 'String' });
  await Promise.all([sm.close(), ps.close()]);
  return { DB_SECRET: `${prefix}/db`, FLAGS_PATH: `/${prefix}/flags` };
}

describe('the Lambda example', () => {
  it('bundles into one small file, smaller still with the runtime SDK', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'coffer-lambda-'));
    const { bytes: full } = await bundleHandler({ outfile: join(folder, 'full.js') });
    const { bytes: slim } = await bundleHandler({ outfile: join(folder, 'slim.js'), sdkExternal: true });
    // lru-cache (about 19 kB, the memory cache LRU since issue 17), watch and aws.sm rotation (3 kB each).
    expect(slim).toBeLessThan(118 * 1024);
    // The SDK clients come as ES modules that esbuild tree-shakes: about 130 kB more if they did not.
    expect(full).toBeLessThan(640 * 1024);
    expect(slim).toBeLessThan(full);
  });

  it('calls AWS on the cold invocation only: warm invocations are served from the shared instances', async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'coffer-lambda-')), 'handler.js');
    await bundleHandler({ outfile });
    const env = await seed();
    const before = proxy.count();

    // One execution environment: three invocations in one process, as Lambda reuses it.
    const script = `const { handler } = require(${JSON.stringify(outfile)});
      (async () => { for (let i = 0; i < 3; i++) console.log(JSON.stringify(await handler({ flag: 'new-ui' }))); })()
        .catch((error) => { console.error(String(error).slice(0, 500)); process.exitCode = 1; });`;
    // Asynchronously: the counting proxy answers from this process.
    const { stdout: output } = await run(process.execPath, ['-e', script], {
      env: { ...process.env, ...credentials, ...env, AWS_ENDPOINT_URL: proxy.endpoint },
      encoding: 'utf8',
    });

    const bodies = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(JSON.parse(line).body));
    expect(bodies).toEqual([
      { user: 'app', flag: 'on' },
      { user: 'app', flag: 'on' },
      { user: 'app', flag: 'on' },
    ]);
    expect(proxy.count() - before).toBe(2);
  }, 60_000);

  // Lambda finds the runtime's SDK on NODE_PATH (/var/runtime/node_modules); here it is pnpm's
  // store of every installed package. An ES module resolves its imports without NODE_PATH: it
  // gets the store as the node_modules beside it, as a container image would have.
  const store = join(__dirname, '..', '..', 'node_modules', '.pnpm', 'node_modules');
  it.each([
    ['cjs', 'bundled'],
    ['esm', 'bundled'],
    ['cjs', 'left out of the bundle'],
    ['esm', 'left out of the bundle'],
    // Nothing in that bundle needs `require` but coffer's fallback to the runtime's SDK.
    ['esm (no require)', 'left out of the bundle'],
  ] as const)(
    'runs as a %s bundle with the AWS SDK %s, assuming a role with the SDK STS client',
    async (kind, sdk) => {
      const folder = mkdtempSync(join(tmpdir(), 'coffer-lambda-'));
      const format = kind === 'cjs' ? 'cjs' : 'esm';
      const outfile = join(folder, `handler.${format === 'esm' ? 'mjs' : 'js'}`);
      const sdkExternal = sdk !== 'bundled';
      const { inputs } = await bundleHandler({ outfile, sdkExternal, format, requireBanner: kind === 'esm' });
      expect(inputs.some((input) => /node_modules\/@aws-sdk\//.test(input))).toBe(!sdkExternal);
      if (sdkExternal && format === 'esm') symlinkSync(store, join(folder, 'node_modules'));
      const env = await seed();
      const before = { assume: proxy.count('AssumeRole'), all: proxy.count(), index: proxy.requests.length };

      const script = `import(${JSON.stringify(outfile)}).then(async ({ handler }) => {
        for (let i = 0; i < 2; i++) console.log(JSON.stringify(await handler({ flag: 'new-ui' })));
      }).catch((error) => { console.error(String(error).slice(0, 500)); process.exitCode = 1; });`;
      const { stdout: output } = await run(process.execPath, ['-e', script], {
        cwd: tmpdir(),
        env: {
          ...process.env,
          ...credentials,
          ...env,
          ...(sdkExternal ? { NODE_PATH: store } : {}),
          AWS_ENDPOINT_URL: proxy.endpoint,
          COFFER_AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/coffer-lambda-reader',
        },
        encoding: 'utf8',
      });

      expect(
        output
          .trim()
          .split('\n')
          .map((line) => JSON.parse(JSON.parse(line).body)),
      ).toEqual([
        { user: 'app', flag: 'on' },
        { user: 'app', flag: 'on' },
      ]);
      // aws.ps and aws.sm share one session when their AWS options match: one AssumeRole for both,
      // and the reads are signed with the role's key.
      expect(proxy.count('AssumeRole') - before.assume).toBe(1);
      expect(proxy.count() - before.all).toBe(3);
      const reads = proxy.requests.slice(before.index).filter((request) => request.operation !== 'AssumeRole');
      expect(reads.map((request) => request.accessKeyId)).not.toContain(credentials.AWS_ACCESS_KEY_ID);
    },
    60_000,
  );

  it('has an extension variant that bundles no AWS SDK module, within its 90 KB budget', async () => {
    const { bytes, inputs } = await bundleHandler({
      outfile: join(mkdtempSync(join(tmpdir(), 'coffer-lambda-')), 'ext.js'),
      variant: 'extension',
    });

    expect(inputs.filter((input) => /@aws-sdk|@smithy|client-sts/.test(input))).toEqual([]);
    // 64 KB of coffer, and lru-cache (about 19 kB), the memory cache's LRU since issue 17.
    expect(bytes).toBeLessThan(90 * 1024);
  });

  it('runs the extension variant against coffer serve, warm invocations included', async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'coffer-lambda-')), 'handler-extension.js');
    await bundleHandler({ outfile, variant: 'extension' });
    const env = await seed();
    const server = await startCofferServe();
    try {
      const script = `const { handler } = require(${JSON.stringify(outfile)});
        (async () => { for (let i = 0; i < 3; i++) console.log(JSON.stringify(await handler())); })()
          .catch((error) => { console.error(String(error).slice(0, 500)); process.exitCode = 1; });`;
      const childEnv: NodeJS.ProcessEnv = {
        ...process.env,
        DB_SECRET: env.DB_SECRET,
        FLAG_PARAMETER: `${env.FLAGS_PATH}/new-ui`,
        AWS_SESSION_TOKEN: server.token,
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(server.port),
      };
      // Inside Lambda only AWS_SESSION_TOKEN is set; AWS_TOKEN would come first.
      delete childEnv.AWS_TOKEN;
      const { stdout: output } = await run(process.execPath, ['-e', script], { env: childEnv, encoding: 'utf8' });

      const bodies = output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(JSON.parse(line).body));
      expect(bodies).toEqual(Array.from({ length: 3 }, () => ({ user: 'app', flag: 'on' })));
    } finally {
      await server.stop();
    }
  }, 60_000);
});
