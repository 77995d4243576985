import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { publicPackages } from './pack';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** A copy of the workspace's manifests and changesets config: what `changeset version` reads. */
function workspaceReplica(): string {
  const folder = mkdtempSync(join(tmpdir(), 'coffer-release-'));
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(folder, file));
  cpSync(join(root, '.changeset/config.json'), join(folder, '.changeset/config.json'));
  for (const dir of readdirSync(join(root, 'packages'))) {
    if (!existsSync(join(root, 'packages', dir, 'package.json'))) continue;
    mkdirSync(join(folder, 'packages', dir), { recursive: true });
    cpSync(join(root, 'packages', dir, 'package.json'), join(folder, 'packages', dir, 'package.json'));
  }
  return folder;
}

const manifest = (folder: string, dir: string) => JSON.parse(readFileSync(join(folder, 'packages', dir, 'package.json'), 'utf8'));

describe('the release flow (changesets)', () => {
  it('versions a changed package and its dependents, keeps workspace: ranges, and writes changelogs', async () => {
    const folder = workspaceReplica();
    const core = manifest(folder, 'core');
    writeFileSync(
      join(folder, '.changeset/faster-reads.md'),
      '---\n"@coffer/core": minor\n---\n\nReads answer without waiting for a slow cache.\n',
    );

    await run(join(root, 'node_modules/.bin/changeset'), ['version'], { cwd: folder, timeout: 60_000 });

    const [major, minor] = core.version.split('.').map(Number);
    expect(manifest(folder, 'core').version).toBe(`${major}.${minor + 1}.0`);
    expect(readFileSync(join(folder, 'packages/core/CHANGELOG.md'), 'utf8')).toContain('Reads answer without waiting for a slow cache.');
    // Every public package that depends on core gets a patch release naming the new core.
    for (const { dir } of publicPackages()) {
      const next = manifest(folder, dir);
      if (dir === 'core' || !next.dependencies?.['@coffer/core']) continue;
      expect({ dir, range: next.dependencies['@coffer/core'] }).toEqual({ dir, range: 'workspace:^' });
      expect({ dir, version: next.version }).not.toEqual({ dir, version: manifest(workspaceReplica(), dir).version });
      expect(readFileSync(join(folder, 'packages', dir, 'CHANGELOG.md'), 'utf8')).toContain('@coffer/core');
    }
    expect(existsSync(join(folder, '.changeset/faster-reads.md'))).toBe(false);
  }, 90_000);
});
