import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, secretsFor, startChild, toWire } from './support/fixtures';

jest.setTimeout(60_000);

const COUNT = 100;

function freshPlace() {
  const root = mkdtempSync(join(tmpdir(), 'coffer-keyv-'));
  const folder = join(root, 'cache', 'nested');
  return { root, folder, path: join(folder, 'cache.sqlite'), prefix: `app-${randomBytes(5).toString('hex')}` };
}

function expectedValues(prefix: string) {
  return Object.fromEntries(Object.entries(secretsFor(prefix, COUNT)).map(([name, value]) => [name, toWire(value)]));
}

/** Fills the cache file from a first process, which reads everything from the provider. */
async function fillFromFirstProcess(path: string, prefix: string) {
  const first = await runChild({ kind: 'read', path, prefix, count: COUNT });
  expect(first).toMatchObject({ apiCalls: COUNT, misses: COUNT, hits: 0, warnings: [] });
  expect(first.values).toEqual(expectedValues(prefix));
  return first;
}

describe('the SQLite cache shared by separate processes', () => {
  it('serves a second process all 100 values with zero backend calls', async () => {
    const { path, prefix } = freshPlace();
    await fillFromFirstProcess(path, prefix);

    const second = await runChild({ kind: 'read', path, prefix, count: COUNT });

    expect(second).toMatchObject({ apiCalls: 0, hits: COUNT, misses: 0, warnings: [] });
    expect(second.values).toEqual(expectedValues(prefix));
  });

  it('writes files that contain neither the values nor their names, 0600 in 0700 folders', async () => {
    const { root, folder, path, prefix } = freshPlace();
    await fillFromFirstProcess(path, prefix);

    const files = readdirSync(folder);
    expect(files).toEqual(expect.arrayContaining(['cache.sqlite', 'cache.sqlite.key']));
    const secrets = secretsFor(prefix, COUNT);
    for (const file of files) {
      const bytes = readFileSync(join(folder, file));
      expect(statSync(join(folder, file)).mode & 0o777).toBe(0o600);
      // Every name and every text value contains the random prefix.
      expect(bytes.includes(prefix)).toBe(false);
      for (const value of Object.values(secrets)) if (value instanceof Uint8Array) expect(bytes.includes(Buffer.from(value))).toBe(false);
    }
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'cache')).mode & 0o777).toBe(0o700);
  });

  it('keeps reading from the provider, with one warning, after garbage is written over the middle of the file', async () => {
    const { path, prefix } = freshPlace();
    await fillFromFirstProcess(path, prefix);
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(Math.floor(size / 2)), 0, Math.floor(size / 2), Math.floor(size / 4));
    closeSync(fd);

    const second = await runChild({ kind: 'read', path, prefix, count: COUNT });

    expect(second.values).toEqual(expectedValues(prefix));
    expect(second.apiCalls).toBeGreaterThan(0);
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).not.toContain(prefix);
  });

  it('keeps reading from the provider, with one warning, from a truncated file', async () => {
    const { path, prefix } = freshPlace();
    await fillFromFirstProcess(path, prefix);
    truncateSync(path, Math.floor(statSync(path).size / 3));

    const second = await runChild({ kind: 'read', path, prefix, count: COUNT });

    expect(second.values).toEqual(expectedValues(prefix));
    expect(second.warnings).toHaveLength(1);
  });

  it('treats every entry as a miss, with one warning, once the key file is deleted', async () => {
    const { path, prefix } = freshPlace();
    await fillFromFirstProcess(path, prefix);
    unlinkSync(`${path}.key`);

    const second = await runChild({ kind: 'read', path, prefix, count: COUNT });

    expect(second).toMatchObject({ apiCalls: COUNT, hits: 0 });
    expect(second.values).toEqual(expectedValues(prefix));
    expect(second.warnings).toHaveLength(1);
    expect(second.warnings[0]).toMatch(/another key/);
    expect(existsSync(`${path}.key`)).toBe(true);
    const third = await runChild({ kind: 'read', path, prefix, count: COUNT });
    expect(third).toMatchObject({ apiCalls: 0, warnings: [] });
  });

  it('lets four processes read and write one new file at once without an error or a wrong value', async () => {
    const { path, prefix } = freshPlace();
    const children = [1, 2, 3, 4].map((id) => startChild({ kind: 'stress', path, prefix, count: 40, id, ops: 1500 }));
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();

    const reports = await Promise.all(children.map((child) => child.report));

    for (const report of reports) expect(report).toMatchObject({ wrong: 0, errors: 0, warnings: [] });
    // They did share the file: each one read entries the others wrote.
    for (const report of reports) expect(report.foreignHits).toBeGreaterThan(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
