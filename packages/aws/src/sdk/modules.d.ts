// `#sdk/credential-providers` is resolved by the package's `imports` map (see
// ./credential-providers.ts), which the CommonJS build's module resolution does not read. It has
// the SDK package's types.
declare module '#sdk/credential-providers' {
  export { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
}
