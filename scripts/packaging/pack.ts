import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildPackage } from '../test-support/build-package';

const root = resolve(__dirname, '../..');

/** A workspace package that is published: its folder, name and packed tarball. */
export interface PackedPackage {
  dir: string;
  name: string;
  tarball: string;
}

/** The folders under packages/ whose package.json is not private. */
export function publicPackages(): Array<{ dir: string; name: string }> {
  return readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ dir, name: manifest.name as string }));
}

/**
 * Builds (CommonJS and ESM) and packs every public package (or those named) with `pnpm pack`,
 * which rewrites `workspace:` ranges as `pnpm publish` does, into a new temporary folder.
 */
export function packAll(only?: readonly string[]): PackedPackage[] {
  const out = mkdtempSync(join(tmpdir(), 'coffer-packs-'));
  const chosen = publicPackages().filter(({ name }) => !only || only.includes(name));
  return chosen.map(({ dir, name }) => {
    buildPackage(dir);
    if (existsSync(join(root, 'packages', dir, 'tsconfig.esm.json'))) buildPackage(`${dir}/tsconfig.esm.json`);
    removeOrphans(join(root, 'packages', dir));
    const before = new Set(readdirSync(out));
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: join(root, 'packages', dir), stdio: 'pipe' });
    const made = readdirSync(out).find((file) => !before.has(file) && file.endsWith('.tgz'));
    if (!made) throw new Error(`pnpm pack made no tarball for ${name}`);
    return { dir, name, tarball: join(out, made) };
  });
}

/** The files of a tarball, without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}

/** Extracts a tarball into a new temporary folder and returns the package's folder in it. */
export function extract(tarball: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'coffer-unpacked-'));
  execFileSync('tar', ['xzf', tarball, '-C', folder]);
  return join(folder, 'package');
}

/**
 * Deletes build outputs whose source file is gone (tsc never removes them), so that a tarball
 * holds only what the sources make. Outputs in use by running tests are never touched.
 */
export function removeOrphans(packageDir: string): void {
  for (const outDir of ['dist', 'esm']) {
    const base = join(packageDir, outDir);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      const stem = relative(base, file).replace(/(\.d)?\.(js|ts)(\.map)?$/, '');
      if (stem === relative(base, file)) continue;
      if (!existsSync(join(packageDir, 'src', `${stem}.ts`))) rmSync(file);
    }
  }
}

/**
 * The environment for commands run in a clean project: pnpm puts the workspace's packages on
 * NODE_PATH (and sets npm_* variables), which would let the project find what it did not install.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_PATH' && !/^npm_/i.test(name)));
}
