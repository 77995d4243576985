import { createServer, type Server } from 'node:http';
import { buildCli, coffer, secret } from './cli-helpers';

beforeAll(buildCli, 180_000);
jest.setTimeout(60_000);

const aws = {
  AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST',
  AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
  AWS_REGION: 'us-east-1',
};

/** A server on 127.0.0.1 that answers every request with `status` and `body`. */
async function answering(status: number, body: string, headers: Record<string, string> = {}): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...headers });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

describe('the CLI never prints a value it was given or a backend sent', () => {
  it('does not echo an unknown option, which may be a value, and says how to pass one', async () => {
    const value = secret();

    const result = await coffer(['update', 'file', '/x', `-${value}`]);

    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(value.slice(0, 12));
    expect(result.stderr).toMatch(/^coffer: unknown option; .*stdin.*\n$/);
  });

  it('keeps a suggestion that names one of its own options', async () => {
    const result = await coffer(['get', 'file', '/x', '--fiel', 'a.json']);

    expect(result.stderr).toMatch(/did you mean --file\?/);
  });

  it.each([
    ['a damaged answer that quotes the value', 200, (value: string) => `${value} is not JSON`, {}],
    [
      'an error answer whose type and message quote the value',
      400,
      (value: string) => JSON.stringify({ __type: value.toUpperCase(), message: `rejected ${value}` }),
      {},
    ],
  ])('with --debug, prints of %s only class names, codes and its own frames', async (_case, status, body, headers) => {
    const value = secret();
    const { url, server } = await answering(status, body(value), headers);
    try {
      const plain = await coffer(['get', 'aws.ps', '/app/x', '--endpoint', url], { env: aws });
      const debug = await coffer(['get', 'aws.ps', '/app/x', '--endpoint', url, '--debug'], { env: aws });

      for (const result of [plain, debug]) {
        expect(result.code).toBe(3);
        expect(result.stderr.toLowerCase()).not.toContain(value.slice(0, 12).toLowerCase());
      }
      expect(debug.stderr).toMatch(/\nProviderError \(PROVIDER_ERROR\)\n/);
      expect(debug.stderr).toContain('caused by: ');
      const frames = debug.stderr.split('\n').filter((line) => /^\s+at /.test(line));
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) expect(frame).toMatch(/[\\/]packages[\\/][a-z0-9-]+[\\/](src|dist)[\\/]/);
    } finally {
      server.close();
    }
  });
});
