/**
 * Checks that every export of every package (what its src/index.ts exports) has TSDoc with an
 * `@example`. Run by scripts/test.sh; prints the exports that lack one and exits 1.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..');
const packages = readdirSync(join(root, 'packages'));
// Each package's entry points: src/index.ts, and src/extension.ts where a package has that subpath.
const entryPoints = packages.flatMap((name) =>
  ['index.ts', 'extension.ts']
    .map((file) => ({ name, path: join(root, 'packages', name, 'src', file) }))
    .filter(({ path }) => existsSync(path)),
);
const entries = entryPoints.map(({ path }) => path);
const program = ts.createProgram(entries, {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  skipLibCheck: true,
});
const checker = program.getTypeChecker();
const missing: string[] = [];

for (const [i, entry] of entries.entries()) {
  const source = program.getSourceFile(entry);
  if (!source) continue;
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.getDeclarations() ?? [];
    // Re-exports of another workspace package are documented where they are declared.
    if (
      declarations.every(
        (declaration) =>
          !declaration.getSourceFile().fileName.startsWith(join(root, 'packages', (entryPoints[i] as { name: string }).name)),
      )
    )
      continue;
    const documented = declarations.some((declaration) => ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'));
    if (!documented) missing.push(`${entryPoints[i]?.name}: ${exported.getName()}`);
  }
}

if (missing.length > 0) {
  console.error(`${missing.length} exports without TSDoc @example:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-docs: every export of ${packages.length} packages has TSDoc with an @example`);
