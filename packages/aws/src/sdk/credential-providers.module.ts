/**
 * `#sdk/credential-providers` for bundlers: the same name as `./credential-providers.ts`, from the
 * SDK's ES module of that one provider. Node never loads this file: `module` is not one of its
 * conditions.
 */
export { fromTemporaryCredentials } from '@aws-sdk/credential-providers/dist-es/fromTemporaryCredentials.js';
