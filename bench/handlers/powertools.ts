import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { COLD_PARAMETER } from './names';

/** A one-read Lambda handler on Powertools Parameters. */
export const handler = async (): Promise<unknown> => getParameter(COLD_PARAMETER, { decrypt: true });
