// `#sdk/client-secrets-manager` is resolved by the package's `imports` map (see
// ./client-secrets-manager.ts), which the CommonJS build's module resolution does not read. It
// has the SDK package's types.
declare module '#sdk/client-secrets-manager' {
  export * from '@aws-sdk/client-secrets-manager';
}
