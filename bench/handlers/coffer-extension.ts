import { awsPsExtension } from '@coffer/aws-ps/extension';
import { createClient } from '@coffer/core';
import { COLD_PARAMETER } from './names';

const parameters = createClient({ provider: awsPsExtension() });

/** A one-read Lambda handler reading through the extension's local API: no AWS SDK in its bundle. */
export const handler = async (): Promise<unknown> => parameters.get(COLD_PARAMETER);
