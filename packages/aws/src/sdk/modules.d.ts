// `#sdk/credential-providers` is resolved by the package's `imports` map (see
// ./credential-providers.ts), which the CommonJS build's module resolution does not read; the
// SDK's ES modules ship no declarations of their own. Both have the SDK package's types.
declare module '#sdk/credential-providers' {
  export { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
}
declare module '@aws-sdk/credential-providers/dist-es/fromTemporaryCredentials.js' {
  export { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
}
