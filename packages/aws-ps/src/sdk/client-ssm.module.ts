/**
 * `#sdk/client-ssm` for bundlers: the same names as `./client-ssm.ts`, from the SDK's ES modules
 * (`dist-es`, marked free of side effects), so that a bundle keeps only what coffer uses. Node
 * never loads this file: `module` is not one of its conditions.
 */
export {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterTier,
  ParameterType,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm/dist-es/index.js';
