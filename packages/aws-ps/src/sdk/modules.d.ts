// `#sdk/client-ssm` is resolved by the package's `imports` map (see ./client-ssm.ts), which the
// CommonJS build's module resolution does not read. It has the SDK package's types.
declare module '#sdk/client-ssm' {
  export * from '@aws-sdk/client-ssm';
}
