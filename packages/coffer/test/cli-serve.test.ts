import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import { createClient } from '@coffer/core';
import { buildCli, coffer, expectOneLineError, folderWith, secret } from './cli-helpers';

beforeAll(() => buildCli(), 180_000);

describe('coffer serve (the built binary)', () => {
  it('serves a file through the extension protocol until SIGTERM, logging no value', async () => {
    const value = secret();
    const folder = folderWith({ 'secrets.json': JSON.stringify({ app: { db: { password: value } } }) });
    let port = 0;
    let read: Promise<unknown> | undefined;
    const run = coffer(
      ['serve', '--port', '0', '--secrets', 'file', '--parameters', 'none', '--file', join(folder, 'secrets.json'), '--log'],
      {
        env: { AWS_TOKEN: 'cli-token', AWS_SESSION_TOKEN: undefined },
        onStdout: (text, pid) => {
          const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
          if (!found || read) return;
          port = Number(found[1]);
          const sm = createClient({ provider: awsSmExtension({ port, token: 'cli-token' }), cache: false });
          read = sm
            .get('/app/db', { keypath: ['password'] })
            .finally(() => sm.close())
            .finally(() => process.kill(pid, 'SIGTERM'));
        },
      },
    );

    const result = await run;

    expect(await read).toBe(value);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/coffer serve: GET secret 200/);
    expect(result.stderr + result.stdout).not.toContain(value);
  });

  it('says the port is taken, and which, in one line', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const result = await coffer(['serve', '--port', String(port), '--secrets', 'env', '--parameters', 'none'], {
        env: { AWS_TOKEN: 'cli-token' },
      });
      expectOneLineError(result, 2, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is taken by another process`));
    } finally {
      holder.close();
    }
  });

  it('refuses to start without a token, in one line', async () => {
    const result = await coffer(['serve', '--port', '0', '--secrets', 'env', '--parameters', 'none'], {
      env: { AWS_TOKEN: undefined, AWS_SESSION_TOKEN: undefined, AWS_CONTAINER_AUTHORIZATION_TOKEN: undefined },
    });
    expectOneLineError(result, 2, /needs a token/);
  });
});
