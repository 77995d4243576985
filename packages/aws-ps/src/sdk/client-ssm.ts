/**
 * The Parameter Store client of the AWS SDK, as coffer loads it. Sources import it as
 * `#sdk/client-ssm`, which the package's `imports` map resolves:
 *
 * - in Node, to this file, that is to `@aws-sdk/client-ssm` as published (CommonJS);
 * - in a bundler (the `module` condition of esbuild, webpack, Rollup and Vite), to
 *   `esm/bundler/client-ssm.cjs`, the SDK's own ES modules, from which the bundler keeps only the
 *   commands coffer sends instead of all of them (see docs/lambda.md, "Bundles"). That
 *   file lists the same names, and a test checks it does.
 *
 * Types are imported from `@aws-sdk/client-ssm` itself, so no declaration file names this module.
 */
export {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
