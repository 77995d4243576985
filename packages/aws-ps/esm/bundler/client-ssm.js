// `#sdk/client-ssm` in a bundler, as an ES module: the names of ./client-ssm.cjs, which does the
// work in CommonJS because only there can a failed `require` be caught (see that file).
import sdk from './client-ssm.cjs';

export const {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} = sdk;
