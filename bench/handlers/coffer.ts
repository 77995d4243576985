import { get } from 'coffer';
import { COLD_PARAMETER } from './names';

/** A one-read Lambda handler on the batteries-included `coffer` package and its top-level `get`. */
export const handler = async (): Promise<unknown> => get('aws.ps', COLD_PARAMETER);
