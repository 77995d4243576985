import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { COLD_PARAMETER } from './names';

const ssm = new SSMClient({});

/** A one-read Lambda handler on the plain AWS SDK. */
export const handler = async (): Promise<unknown> => {
  const answer = await ssm.send(new GetParameterCommand({ Name: COLD_PARAMETER, WithDecryption: true }));
  return answer.Parameter?.Value;
};
