import { get, UnknownProviderError } from '@coffer/core';

// As if only @coffer/core were installed: no provider package can be found.
jest.mock('../src/optional-module', () => ({ ...jest.requireActual('../src/optional-module'), loadFromApp: () => undefined }));

describe('a built-in provider whose package is not installed', () => {
  it('throws UnknownProviderError naming the package to install', async () => {
    const error = await get('aws.ps', '/x').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(UnknownProviderError);
    expect((error as Error).message).toContain('install @coffer/aws-ps');
  });

  it('says which package brings the local providers', async () => {
    await expect(get('file', '/x')).rejects.toThrow(/install @coffer\/local/);
  });

  it('says which package brings the vault provider', async () => {
    await expect(get('vault', 'app/db')).rejects.toThrow(/install @coffer\/vault/);
  });
});
