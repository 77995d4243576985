// `#sdk/client-ssm` is resolved by the package's `imports` map (see ./client-ssm.ts), which the
// CommonJS build's module resolution does not read; the SDK's ES modules ship no declarations of
// their own. Both have the SDK package's types.
declare module '#sdk/client-ssm' {
  export * from '@aws-sdk/client-ssm';
}
declare module '@aws-sdk/client-ssm/dist-es/index.js' {
  export * from '@aws-sdk/client-ssm';
}
