import { ParameterStore } from '@coffer/aws-ps';
import { COLD_PARAMETER } from './names';

const parameters = new ParameterStore();

/** A one-read Lambda handler on `@coffer/aws-ps` alone. */
export const handler = async (): Promise<unknown> => parameters.get(COLD_PARAMETER);
