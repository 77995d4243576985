import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * A published package may reach a dependency only through what that dependency publishes as its
 * interface: its root, or a subpath its `exports` map lists. Files behind that (`dist-es/`,
 * `dist-cjs/`, `dist-types/`, any subpath of a package without an `exports` map) move between
 * minor versions, and coffer declares `^` ranges: a user's newer SDK would break coffer at run time.
 */
const root = join(__dirname, '..', '..');
const PRIVATE_FOLDER = /\bdist-(es|cjs|types)\b/;
const CODE = /\.(ts|js|cjs|mjs)$/;
// import … from 'x', export … from 'x', import('x'), require('x'), import 'x'.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

interface Manifest {
  name: string;
  private?: boolean;
  files?: string[];
  exports?: unknown;
  imports?: Record<string, unknown>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

function publicPackages(): Array<{ dir: string; manifest: Manifest }> {
  const folder = join(root, 'packages');
  return readdirSync(folder)
    .map((name) => join(folder, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readJson(join(dir, 'package.json')) }))
    .filter(({ manifest }) => !manifest.private);
}

/** The files a package publishes (its `files` folders, built or not, and package.json). */
function publishedFiles(dir: string, manifest: Manifest): string[] {
  const out = [join(dir, 'package.json')];
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      // The build's own bookkeeping is left out of the tarball (`!**/.tsbuildinfo`).
      for (const name of readdirSync(path)) if (name !== 'node_modules' && name !== '.tsbuildinfo') walk(join(path, name));
    } else out.push(path);
  };
  for (const entry of manifest.files ?? ['dist', 'esm', 'src']) if (!entry.startsWith('!')) walk(join(dir, entry));
  return out;
}

/** The package a bare specifier names, and the subpath after it (`''` for its root). */
function split(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const size = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, size).join('/'), subpath: parts.slice(size).join('/') };
}

function manifestOf(name: string, from: string): Manifest | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return readJson(file);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Whether `subpath` is one of the package's published entry points. */
function isPublic(manifest: Manifest, subpath: string): boolean {
  if (subpath === '') return true;
  const { exports } = manifest;
  if (!exports || typeof exports !== 'object') return false;
  const key = `./${subpath}`;
  return Object.keys(exports).some((entry) => {
    if (entry === key) return true;
    const star = entry.indexOf('*');
    return star !== -1 && key.startsWith(entry.slice(0, star)) && key.endsWith(entry.slice(star + 1));
  });
}

/** What in one file reaches a dependency behind its published interface. */
function privatePaths(file: string, text: string, packageDir: string): string[] {
  const found: string[] = [];
  if (PRIVATE_FOLDER.test(text)) found.push(`${relative(root, file)} names ${PRIVATE_FOLDER.exec(text)?.[0]}`);
  if (!CODE.test(file)) return found;
  for (const [, specifier] of text.matchAll(SPECIFIER)) {
    if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('#')) continue;
    const { name, subpath } = split(specifier);
    const manifest = manifestOf(name, packageDir);
    if (manifest && !isPublic(manifest, subpath)) found.push(`${relative(root, file)} imports ${specifier}`);
  }
  return found;
}

describe('what the public packages import of their dependencies', () => {
  const packages = publicPackages();

  it('finds the packages and their files', () => {
    expect(packages.map(({ manifest }) => manifest.name)).toEqual(expect.arrayContaining(['@coffer/aws', '@coffer/aws-ps', 'coffer']));
  });

  it.each(packages.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))(
    '%s names no private path of a dependency',
    (_, dir, manifest) => {
      const found = publishedFiles(dir, manifest).flatMap((file) => privatePaths(file, readFileSync(file, 'utf8'), dir));
      // An `imports` map may only point at the package's own files.
      for (const [key, target] of Object.entries(manifest.imports ?? {}))
        if (JSON.stringify(target).includes('node_modules') || !JSON.stringify(target).includes('./')) found.push(`imports ${key}`);
      expect(found).toEqual([]);
    },
  );

  it('catches an SDK ES module named directly, a deep path and a subpath the exports map lacks', () => {
    const dir = join(root, 'packages', 'aws-ps');
    expect(privatePaths('x.cjs', "require('@aws-sdk/client-ssm/dist-es/commands/GetParametersCommand.js')", dir)).toHaveLength(2);
    expect(privatePaths('x.ts', "import { a } from '@aws-sdk/client-ssm/commands';", dir)).toEqual([
      'x.ts imports @aws-sdk/client-ssm/commands',
    ]);
    expect(privatePaths('x.ts', "export { a } from '@coffer/aws/extension';\nimport('@coffer/core');", dir)).toEqual([]);
  });
});
