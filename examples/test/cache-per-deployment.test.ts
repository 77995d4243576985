import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackages, runExample } from './run-example';

beforeAll(buildPackages, 180_000);

function deployment(cache: string) {
  const folder = mkdtempSync(join(tmpdir(), 'coffer-deploy-'));
  const file = join(folder, 'secrets.yml');
  writeFileSync(file, `db:\n  host: db.internal\n  credentials: '{"user":"app","password":"pw"}'\n`);
  const env = { COFFER_FILE: file, COFFER_CACHE: cache.replace('<folder>', folder) };
  return () => JSON.parse(runExample('cache-per-deployment/app.ts', env)) as Record<string, unknown>;
}

describe('the cache-per-deployment example', () => {
  it('keeps values in memory by default: every new process reads the file again', () => {
    const run = deployment('memory');
    expect(run()).toEqual({ host: 'db.internal', user: 'app', cache: 'memory', hits: 0, apiCalls: 1 });
    expect(run()).toMatchObject({ cache: 'memory', apiCalls: 1 });
  });

  it('shares one encrypted SQLite file between processes with COFFER_CACHE=sqlite://...', () => {
    const run = deployment('sqlite://<folder>/cache/coffer.db');
    expect(run()).toEqual({ host: 'db.internal', user: 'app', cache: 'sqlite', hits: 0, apiCalls: 1 });
    expect(run()).toEqual({ host: 'db.internal', user: 'app', cache: 'sqlite', hits: 2, apiCalls: 0 });
  });

  it('caches nothing with COFFER_CACHE=none', () => {
    const run = deployment('none');
    expect(run()).toMatchObject({ host: 'db.internal', cache: 'none', apiCalls: 1 });
  });
});
