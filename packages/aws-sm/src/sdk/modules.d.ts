// `#sdk/client-secrets-manager` is resolved by the package's `imports` map (see
// ./client-secrets-manager.ts), which the CommonJS build's module resolution does not read; the
// SDK's ES modules ship no declarations of their own. Both have the SDK package's types.
declare module '#sdk/client-secrets-manager' {
  export * from '@aws-sdk/client-secrets-manager';
}
declare module '@aws-sdk/client-secrets-manager/dist-es/index.js' {
  export * from '@aws-sdk/client-secrets-manager';
}
