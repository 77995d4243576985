import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, type CliOptions, coffer, expectOneLineError, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

// No AWS setting from the machine running the tests: no profile files, no metadata service.
const home = mkdtempSync(join(tmpdir(), 'coffer-hints-'));
const bare = (extra: Record<string, string> = {}): CliOptions['env'] => ({
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'none-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'none-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: undefined,
  AWS_DEFAULT_REGION: undefined,
  AWS_PROFILE: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  COFFER_AWS_ROLE_ARN: undefined,
  ...extra,
});
const keys = { AWS_ACCESS_KEY_ID: 'AKIDCOFFERHINTS', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret' };

/** An HTTP endpoint that counts the requests it gets (and answers none usefully). */
async function countingEndpoint(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer((_request, response) => {
    requests++;
    response.writeHead(500).end();
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('CLI errors that say the fix', () => {
  it('names the region settings when no region is set, sends nothing and exits 2', async () => {
    const endpoint = await countingEndpoint();
    try {
      const result = await coffer(['get', 'aws.ps', '/app/x', '--endpoint', endpoint.url], { env: bare(keys) });
      expectOneLineError(result, 2, /no AWS region is set: set AWS_REGION .*--region/);
      expect(result.stderr).toContain('(aws.ps /app/x)');
      expect(endpoint.requests()).toBe(0);
    } finally {
      await endpoint.close();
    }
  });

  it('names the credential settings when there are none, sends nothing and exits 2', async () => {
    const endpoint = await countingEndpoint();
    try {
      const result = await coffer(['get', 'aws.sm', 'prod/db', '--endpoint', endpoint.url], { env: bare({ AWS_REGION: 'eu-west-1' }) });
      expectOneLineError(result, 2, /no AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE/);
      expect(endpoint.requests()).toBe(0);
    } finally {
      await endpoint.close();
    }
  });

  it('names the endpoint settings when the endpoint cannot be reached, and exits 3', async () => {
    const port = await closedPort();
    const result = await coffer(['get', 'aws.ps', '/app/x', '--endpoint', `http://127.0.0.1:${port}`], {
      env: bare({ ...keys, AWS_REGION: 'eu-west-1' }),
    });
    expectOneLineError(
      result,
      3,
      /cannot reach the AWS endpoint: check the endpoint option \(AWS_ENDPOINT_URL, CLI --endpoint\).*ECONNREFUSED/,
    );
  });

  it('suggests the command, the option and the provider meant, without repeating a value', async () => {
    const value = secret();
    const command = await coffer(['gett', 'aws.ps', '/app/x']);
    const option = await coffer(['get', 'aws.ps', '/app/x', '--regoin', value]);
    const provider = await coffer(['get', 'aws.pss', '/app/x'], { env: bare(keys) });

    expectOneLineError(command, 2, /unknown command \(did you mean get\?\)/);
    expectOneLineError(option, 2, /unknown option \(did you mean --region\?\)/);
    expectOneLineError(provider, 2, /unknown provider 'aws.pss' \(did you mean 'aws.ps'\?\)/);
    expect(option.stderr).not.toContain(value);
  });
});
