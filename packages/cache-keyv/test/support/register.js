// Lets a plain `node` child process run the workspace's TypeScript sources, as jest does:
// `@coffer/*` resolves to packages/*/src/index.ts and .ts files are compiled by swc on load.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const packages = join(__dirname, '..', '..', '..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspace(request, ...rest) {
  const match = /^@coffer\/(core|cache-keyv|conformance)$/.exec(request);
  if (match) return join(packages, match[1], 'src', 'index.ts');
  // Sources import each other as './x.js' (what the ESM build needs): load the './x.ts'.
  const parent = rest[0];
  if (/^\.{1,2}\//.test(request) && request.endsWith('.js') && parent?.filename?.endsWith('.ts')) {
    return resolveFilename.call(this, request.replace(/\.js$/, '.ts'), ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};

Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
