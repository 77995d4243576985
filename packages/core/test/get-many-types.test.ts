import { createClient, type ManyResult, memoryProvider } from '@coffer/core';

// Compiled by `tsc -p tsconfig.tests.json`: each @ts-expect-error must be an error, or the build fails.
describe('getMany types', () => {
  it('returns the values keyed by path, or { values, errors } with throwOnError: false', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });

    const plain: Readonly<Record<string, string>> = await client.getMany<string>(['/a']);
    const many: ManyResult<string> = await client.getMany<string>(['/a'], { throwOnError: false });
    // @ts-expect-error the errors come beside the values, never among them
    const mixed: string = many['/a'];

    expect(plain).toEqual({ '/a': 'x' });
    expect(many).toEqual({ values: { '/a': 'x' }, errors: {} });
    expect(mixed).toBeUndefined();
  });

  it('rejects a misuse the compiler can see', async () => {
    const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }) });

    // @ts-expect-error one path is not a list of paths
    await expect(client.getMany('/a')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // @ts-expect-error throwOnError is a boolean
    await expect(client.getMany(['/a'], { throwOnError: 'no' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
