import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ParameterStore } from '@coffer/aws-ps';
import { mockClient } from 'aws-sdk-client-mock';
import { credentials, proxy, region, seedSsm, uniquePrefix } from './support';

describe('aws.ps configuration', () => {
  it('sends to AWS_ENDPOINT_URL when no endpoint is given', async () => {
    const name = `${uniquePrefix()}/env`;
    await seedSsm([{ name, value: 'from the env endpoint' }]);
    const counter = await proxy();
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = counter.endpoint;
    try {
      const ps = new ParameterStore({ region, credentials });
      expect(await ps.get(name)).toBe('from the env endpoint');
      await ps.close();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
    expect(counter.count('GetParameters')).toBe(1);
    await counter.close();
  });

  it('sends through an injected SSMClient', async () => {
    const ssm = new SSMClient({ region, credentials });
    const mock = mockClient(ssm);
    mock.on(GetParametersCommand).resolves({ Parameters: [{ Name: '/injected', Value: 'yes', Type: 'String' }], InvalidParameters: [] });
    const ps = new ParameterStore({ client: ssm, cache: false });

    expect(await ps.get('/injected')).toBe('yes');

    await ps.close();
    expect(mock.commandCalls(GetParametersCommand)[0]?.args[0].input).toEqual({ Names: ['/injected'], WithDecryption: true });
    mock.restore();
  });
});
