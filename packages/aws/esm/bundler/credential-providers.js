// `#sdk/credential-providers` in a bundler, as an ES module: the names of ./credential-providers.cjs, which does the
// work in CommonJS because only there can a failed `require` be caught (see that file).
import sdk from './credential-providers.cjs';

export const {
  fromTemporaryCredentials,
} = sdk;
