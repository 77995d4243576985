/**
 * The Secrets Manager client of the AWS SDK, as coffer loads it. Sources import it as
 * `#sdk/client-secrets-manager`, which the package's `imports` map resolves:
 *
 * - in Node, to this file, that is to `@aws-sdk/client-secrets-manager` as published (CommonJS);
 * - in a bundler (the `module` condition of esbuild, webpack, Rollup and Vite), to
 *   `esm/bundler/client-secrets-manager.cjs`, the SDK's own ES modules, from which the bundler keeps
 *   only the commands coffer sends instead of all of them (see docs/lambda.md, "Bundles"). That
 *   file lists the same names, and a test checks it does.
 *
 * Types are imported from `@aws-sdk/client-secrets-manager` itself, so no declaration file names
 * this module.
 */
export {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
