/**
 * The AWS SDK's `fromTemporaryCredentials`, as coffer loads it. Sources import it as
 * `#sdk/credential-providers`, which the package's `imports` map resolves:
 *
 * - in Node, to this file, that is to `@aws-sdk/credential-providers` as published (CommonJS);
 * - in a bundler (the `module` condition of esbuild, webpack, Rollup and Vite), to
 *   `esm/bundler/credential-providers.cjs`, the provider's own ES module, so that a bundle does not
 *   carry every other credential provider of the package (see docs/lambda.md, "Bundles"). That
 *   file lists the same names, and a test checks it does.
 */
export { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
