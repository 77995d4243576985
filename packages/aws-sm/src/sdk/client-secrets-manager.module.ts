/**
 * `#sdk/client-secrets-manager` for bundlers: the same names as `./client-secrets-manager.ts`,
 * from the SDK's ES modules (`dist-es`, marked free of side effects), so that a bundle keeps only
 * what coffer uses. Node never loads this file: `module` is not one of its conditions.
 */
export {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager/dist-es/index.js';
