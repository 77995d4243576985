// Compiled with tsc --strict against the installed tarballs (module nodenext, then bundler).
import { type CacheSuiteOptions, providerSuite } from '@coffer/conformance';
import { type CacheAdapter, createClient, memoryCache, memoryProvider, SecretNotFoundError } from '@coffer/core';
import { ParameterStore } from '@coffer/aws-ps';
import { SecretsManager } from '@coffer/aws-sm';
import { keyvCache, tieredCache } from '@coffer/cache-keyv';
import { fileProvider } from '@coffer/local';
import { CofferError, configure, get, getByPath, isCofferError, pathExists, update } from 'coffer';
import 'coffer/yaml';

const cache: CacheAdapter = tieredCache(memoryCache({ max: 10, ttl: '1m' }), keyvCache({ path: '/tmp/c.db' }));
const ps = new ParameterStore({ region: 'eu-west-1', cache, maxAttempts: 3, timeoutMs: 5000 });
const sm = new SecretsManager({ region: 'eu-west-1', cache: false });
const local = createClient({ provider: fileProvider({ file: 'secrets.yml' }) });
const memory = createClient({ provider: memoryProvider({ seed: { '/a': 'b' } }), cache: memoryCache() });
configure('aws.ps', { region: 'eu-west-1' });

export async function uses(): Promise<void> {
  const host: unknown = await get('aws.ps', '/prod/app/host');
  const all: Record<string, unknown> = await getByPath('file', '/app');
  const exists: boolean = await pathExists('aws.sm', 'prod/db');
  await update('file', '/app/flag', 'on');
  const fromClients: unknown[] = [await ps.get('/x'), await sm.get('y'), await local.get('/z'), await memory.get('/a')];
  try {
    await get('env', 'HOME');
  } catch (error) {
    if (error instanceof SecretNotFoundError || (error instanceof CofferError && isCofferError(error, 'INVALID_INPUT'))) throw error;
  }
  void [host, all, exists, fromClients, ps.stats().hits];
}

export const suite: CacheSuiteOptions = { name: 'memory', make: () => memoryCache() };
export const run = (): void =>
  providerSuite({ name: 'memory', make: () => memoryProvider(), seed: async () => undefined, capabilities: {} });
