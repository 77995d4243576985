'use strict';
// `#sdk/credential-providers` in a bundler, through ./credential-providers.js: the `module`
// condition of the package's `imports` map, which esbuild, webpack, Rollup and Vite follow and
// Node does not (Node gets the SDK package as published, through ../sdk/). Written by hand, not
// by tsc; see docs/lambda.md, "Bundles".
//
// 1. `fromTemporaryCredentials` from its own ES module. The package has no `exports` map, so a
//    bundler for Node would take its CommonJS index, which requires every credential provider
//    (Cognito's client among them).
// 2. When the bundler left `@aws-sdk/*` out (the CDK's default for Lambda, whose runtime has the
//    SDK), Node cannot load those ES modules at run time, and the package is required as
//    published instead, by a name no bundler follows. The same names as src/sdk/, checked by a test.
try {
  module.exports = {
    fromTemporaryCredentials: require('@aws-sdk/credential-providers/dist-es/fromTemporaryCredentials.js').fromTemporaryCredentials,
  };
} catch {
  module.exports = requireAtRunTime(['@aws-sdk', 'credential-providers'].join('/'));
}

/** `require` as Node does it, NODE_PATH included, also in an ES module bundle that has none. */
function requireAtRunTime(name) {
  if (typeof __non_webpack_require__ === 'function') return __non_webpack_require__(name);
  try {
    return require(name);
  } catch (error) {
    // An ES module bundle without a `require` (Node 20.16 and later have getBuiltinModule).
    if (typeof process.getBuiltinModule !== 'function') throw error;
    return process.getBuiltinModule('node:module').createRequire(`${process.cwd()}/`)(name);
  }
}
