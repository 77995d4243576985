import type { GetOptions } from '@coffer/core';
import type { ClientPool } from './clients.js';
import { type CofferConfig, type EnvEntry, READ_OPTIONS } from './config.js';
import { UsageError } from './errors.js';
import { asText } from './format.js';

function split(entry: EnvEntry): { providerOptions: Record<string, unknown>; readOptions: Record<string, unknown> } {
  const providerOptions: Record<string, unknown> = {};
  const readOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry.options)) {
    if (READ_OPTIONS.has(key)) readOptions[key] = value;
    else if (key === 'roleArn') providerOptions.assumeRole = { roleArn: value };
    else providerOptions[key] = value;
  }
  return { providerOptions, readOptions };
}

async function resolveOne(name: string, entry: EnvEntry, pool: ClientPool): Promise<string> {
  const { providerOptions, readOptions } = split(entry);
  const { client, readOptions: fromFlags } = pool.get(entry.provider, providerOptions);
  const options: GetOptions & Record<string, unknown> = { ...fromFlags, ...readOptions };
  if (entry.keypath) options.keypath = entry.keypath;
  if (entry.default !== undefined) options.default = entry.default;
  const value = await client.get(entry.path, options);
  if (value instanceof Uint8Array)
    throw new UsageError(`${name}: ${entry.provider} ${entry.path} is binary; an environment variable holds text`);
  return asText(value);
}

/**
 * Reads every variable of a config file, all at once (reads of one provider share batched
 * calls). A failure names the variable; its message never holds a value.
 */
export async function resolveEnv(config: CofferConfig, pool: ClientPool): Promise<Record<string, string>> {
  const names = Object.keys(config.env);
  const values = await Promise.all(
    names.map((name) =>
      resolveOne(name, config.env[name] as EnvEntry, pool).catch((error: unknown) => {
        if (error instanceof Error && !error.message.startsWith(`${name}:`)) error.message = `${name}: ${error.message}`;
        throw error;
      }),
    ),
  );
  return Object.fromEntries(names.map((name, i) => [name, values[i] as string]));
}
