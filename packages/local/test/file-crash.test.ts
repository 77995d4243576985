import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient } from '@coffer/core';
import { fileProvider } from '@coffer/local';
import { buildPackage, secretValue, tempFolder } from './file-fixtures';

const root = resolve(__dirname, '../../..');

// The child runs the built package, as an application would.
beforeAll(() => buildPackage('local'), 180_000);

/** A child process that updates the file and stops right before the rename, until it is killed. */
function childScript(file: string, value: string): string {
  return `
    const fs = require('node:fs');
    fs.promises.rename = () => {
      process.stdout.write('about to rename\\n');
      setInterval(() => {}, 1000); // stay alive until killed
      return new Promise(() => {});
    };
    const { createClient } = require(${JSON.stringify(join(root, 'packages/core/dist/index.js'))});
    const { fileProvider } = require(${JSON.stringify(join(root, 'packages/local/dist/index.js'))});
    createClient({ provider: fileProvider({ file: ${JSON.stringify(file)} }), cache: false })
      .update('/db/password', ${JSON.stringify(value)});
  `;
}

describe('file provider crash safety', () => {
  it('leaves the original file intact when the process is killed between write and rename', async () => {
    const folder = tempFolder();
    const file = join(folder, 'secrets.yml');
    const original = `db:\n  password: ${secretValue()}\n  host: db.internal\n`;
    writeFileSync(file, original, { mode: 0o600 });
    const next = secretValue();

    const child = spawn(process.execPath, ['-e', childScript(file, next)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((done, failed) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('about to rename') && done());
      child.on('exit', (code) => failed(new Error(`child exited early with ${code}`)));
    });
    const temporary = readdirSync(folder).filter((name) => name.endsWith('.tmp'));
    expect(temporary).toHaveLength(1);
    expect(readFileSync(join(folder, temporary[0] as string), 'utf8')).toContain(next);
    const killed = new Promise((done) => child.on('exit', (_code, signal) => done(signal)));
    child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    expect(readFileSync(file, 'utf8')).toBe(original);
    const client = createClient({ provider: fileProvider({ file }), cache: false });
    expect(await client.get('/db/host')).toBe('db.internal');
    await client.update('/db/password', next);
    expect(await client.get('/db/password')).toBe(next);
  });
});
