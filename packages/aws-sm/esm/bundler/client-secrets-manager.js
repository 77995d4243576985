// `#sdk/client-secrets-manager` in a bundler, as an ES module: the names of ./client-secrets-manager.cjs, which does the
// work in CommonJS because only there can a failed `require` be caught (see that file).
import sdk from './client-secrets-manager.cjs';

export const {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} = sdk;
