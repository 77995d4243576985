import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretsManager } from '@coffer/aws-sm';
import { memoryCache } from '@coffer/core';
import { buildPackage } from '../../../scripts/test-support/build-package';
import { credentials, motoEndpoint, proxy, region, seedSm, uniquePrefix } from './support';

const run = promisify(execFile);
const bin = join(__dirname, '../../coffer/dist/cli/main.js');

/** `coffer <args>` as a separate process against the emulator: its exit code and stdout. */
async function coffer(args: string[]): Promise<{ code: number; stdout: string }> {
  const env = { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  try {
    const { stdout } = await run(process.execPath, [bin, ...args, '--endpoint', motoEndpoint(), '--region', region], {
      env: { ...env, COFFER_CACHE: 'memory', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '' };
  }
}

/** Secrets under `nc/prod/`, a sibling `nc/production/x` that shares the prefix, and a secret named `nc/pro`. */
async function seedFolders(): Promise<string> {
  const prefix = uniquePrefix();
  await seedSm([
    { name: `${prefix}/nc/prod/a`, value: 'A' },
    { name: `${prefix}/nc/prod/sub/b`, value: 'B' },
    { name: `${prefix}/nc/production/x`, value: 'X' },
    { name: `${prefix}/nc/pro`, value: 'P' },
  ]);
  return prefix;
}

describe('aws.sm paths are folders', () => {
  it('lists what lies under path/, never a sibling that only shares the prefix, with or without the slash', async () => {
    const prefix = await seedFolders();
    const sm = new SecretsManager({ endpoint: motoEndpoint(), region, credentials, cache: memoryCache() });

    const listed = await sm.getByPath(`${prefix}/nc/prod`);
    const slashed = await sm.getByPath(`${prefix}/nc/prod/`);
    const oneLevel = await sm.getByPath(`${prefix}/nc/prod`, { recursive: false });

    expect(listed).toEqual({ [`${prefix}/nc/prod/a`]: 'A', [`${prefix}/nc/prod/sub/b`]: 'B' });
    expect(slashed).toEqual(listed);
    expect(oneLevel).toEqual({ [`${prefix}/nc/prod/a`]: 'A' });
    await sm.close();
  });

  it('answers pathExists true for a folder and a secret, false for a prefix of a name, without reading a value', async () => {
    const prefix = await seedFolders();
    const counter = await proxy();
    const sm = new SecretsManager({ endpoint: counter.endpoint, region, credentials });

    expect(await sm.pathExists(`${prefix}/nc/prod`)).toBe(true);
    expect(await sm.pathExists(`${prefix}/nc/pro`)).toBe(true);
    expect(await sm.pathExists(`${prefix}/nc/prod/sub`)).toBe(true);
    expect(await sm.pathExists(`${prefix}/nc/pr`)).toBe(false);
    expect(await sm.pathExists(`${prefix}/nc/prod/a/deeper`)).toBe(false);

    expect(counter.count('GetSecretValue') + counter.count('BatchGetSecretValue')).toBe(0);
    await sm.close();
    await counter.close();
  });

  describe('through the coffer binary', () => {
    beforeAll(() => buildPackage('coffer'), 180_000);

    it('exits 0 for `coffer exists` on a folder and 1 on a missing one, and get-by-path keeps to the folder', async () => {
      const prefix = await seedFolders();

      const folder = await coffer(['exists', 'aws.sm', `${prefix}/nc/prod`]);
      const missing = await coffer(['exists', 'aws.sm', `${prefix}/nc/pr`]);
      const listed = await coffer(['get-by-path', 'aws.sm', `${prefix}/nc/prod`, '--format', 'json']);

      expect(folder.code).toBe(0);
      expect(missing.code).toBe(1);
      expect(Object.keys(JSON.parse(listed.stdout)).sort()).toEqual([`${prefix}/nc/prod/a`, `${prefix}/nc/prod/sub/b`]);
    }, 60_000);
  });
});
