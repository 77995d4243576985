import { SecretsManager } from '@coffer/aws-sm';
import { awsSmExtension } from '@coffer/aws-sm/extension';

// The compiler rejects these (scripts/test.sh type-checks the tests); at run time they throw too.
describe('the extension options as types', () => {
  it('do not compile with an unknown transport or a misspelt extension option', () => {
    // @ts-expect-error: the transport is 'sdk' or 'extension'
    expect(() => new SecretsManager({ transport: 'carrier-pigeon' })).toThrow(/transport must be/);
    // @ts-expect-error: the extension options are port, token, startupWaitMs, maxAttempts, timeoutMs
    expect(() => awsSmExtension({ prot: 2773 })).toThrow(/unknown extension option 'prot'/);
    // @ts-expect-error: the port is a number
    expect(() => new SecretsManager({ transport: 'extension', extension: { port: '2773' } })).toThrow(/port must be/);
  });
});
