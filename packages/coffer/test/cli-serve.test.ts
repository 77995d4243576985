import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { awsSmExtension } from '@coffer/aws-sm/extension';
import { createClient } from '@coffer/core';
import { randomBytes } from 'node:crypto';
import { motoEndpoint } from '../../../scripts/harness/moto';
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

  it('answers the parameter route with the type the parameter has: SecureString stays SecureString', async () => {
    const aws = { AWS_ACCESS_KEY_ID: 'AKIDCOFFERTEST', AWS_SECRET_ACCESS_KEY: 'not-a-real-secret', AWS_REGION: 'us-east-1' };
    const name = `/t${randomBytes(5).toString('hex')}/db/password`;
    const value = secret();
    const created = await coffer(['update', 'aws.ps', name, '-', '--create', '--type', 'SecureString', '--endpoint', motoEndpoint()], {
      input: value,
      env: aws,
    });
    expect(created.code).toBe(0);
    let answer: Promise<{ status: number; body: { Parameter?: { Type?: string; Value?: string } } }> | undefined;
    const run = coffer(['serve', '--port', '0', '--secrets', 'none', '--parameters', 'aws.ps', '--endpoint', motoEndpoint()], {
      env: { ...aws, AWS_TOKEN: 'cli-token', AWS_SESSION_TOKEN: undefined },
      onStdout: (text, pid) => {
        const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
        if (!found || answer) return;
        const url = `http://127.0.0.1:${found[1]}/systemsmanager/parameters/get?name=${encodeURIComponent(name)}&withDecryption=true`;
        answer = fetch(url, { headers: { 'X-Aws-Parameters-Secrets-Token': 'cli-token' } })
          .then(async (response) => ({ status: response.status, body: (await response.json()) as never }))
          .finally(() => process.kill(pid, 'SIGTERM'));
      },
    });

    const result = await run;
    const { status, body } = await answer!;

    expect(status).toBe(200);
    expect(body.Parameter).toMatchObject({ Type: 'SecureString', Value: value });
    expect(result.stderr).not.toContain(value);
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
