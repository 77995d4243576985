/**
 * The AWS SDK's `fromTemporaryCredentials`, from the package's public entry. `assume-role.ts`
 * imports this file dynamically, on the first `AssumeRole`: Node loads the credential providers
 * only then, and a bundler (which follows a package's ES modules with `mainFields: ['module',
 * 'main']`) keeps only this provider of the package, not Cognito's and the others'.
 */
export { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
