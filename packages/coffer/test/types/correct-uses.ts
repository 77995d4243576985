/**
 * Correct uses that must compile, with the types they must produce. Type-checked by
 * `tsc -p tsconfig.tests.json` (part of `pnpm test`); never run.
 */
import {
  type CofferClient,
  configure,
  createClient,
  get,
  getByPath,
  type JsonValue,
  type KeyvStoreSource,
  keyvCache,
  memoryCache,
  memoryProvider,
  ParameterStore,
  type Provider,
  type ProviderName,
  pathExists,
  registerProvider,
  SecretsManager,
  type SecretValue,
  tieredCache,
  update,
} from 'coffer';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

declare const store: KeyvStoreSource;

// A third-party provider, declared by merging and registered by name.
interface VaultOptions {
  address?: string;
  mount?: string;
}
declare module '@coffer/core' {
  interface CofferProviders {
    'types.kv': { configure: VaultOptions; get: { version?: number } };
  }
}
declare function vaultProvider(options?: VaultOptions): Provider<{ get: { version?: number } }>;

export async function correctUses(): Promise<void> {
  // Provider names autocomplete: they are a union of literals.
  assertType<Equal<'aws.ps' extends ProviderName ? true : false, true>>();
  assertType<Equal<'env' | 'file' | 'aws.sm' extends ProviderName ? true : false, true>>();

  // The top level, each provider with its own options.
  const auto = await get('aws.ps', '/app/db/host', { decrypt: false, maxAge: '30s' });
  assertType<Equal<typeof auto, SecretValue>>();
  const password = await get('aws.sm', 'prod/db', { keypath: ['password'], versionStage: 'AWSPREVIOUS' });
  assertType<Equal<typeof password, JsonValue>>();
  const raw = await get('aws.ps', '/app/config', { decode: 'raw', version: 3 });
  assertType<Equal<typeof raw, string | Uint8Array>>();
  const json = await get('aws.ps', '/app/port', { decode: 'json', label: 'prod' });
  assertType<Equal<typeof json, JsonValue | Uint8Array>>();
  const withDefault = await get('aws.sm', 'prod/maybe', { default: undefined, forceFetch: true });
  assertType<Equal<typeof withDefault, SecretValue | undefined>>();
  const keyOrEmpty = await get('aws.sm', 'prod/db', { keypath: ['user'], default: '' });
  assertType<Equal<typeof keyOrEmpty, JsonValue>>();
  const asserted = await get<{ user: string }>('aws.sm', 'prod/db');
  assertType<Equal<typeof asserted, { user: string }>>();
  const fromEnv = await get('env', 'DB_HOST', { default: 'localhost' });
  assertType<Equal<typeof fromEnv, SecretValue>>();

  const listing = await getByPath('aws.ps', '/app', { recursive: false, decrypt: true, type: 'SecureString' });
  assertType<Equal<typeof listing, Readonly<Record<string, SecretValue>>>>();
  const rawListing = await getByPath('aws.sm', 'prod/', { decode: 'raw' });
  assertType<Equal<typeof rawListing, Readonly<Record<string, string | Uint8Array>>>>();
  const exists: boolean = await pathExists('aws.sm', 'prod/db', { keypath: ['password'] });
  await update('aws.ps', '/app/flag', 'on', { create: true, type: 'String', tier: 'Standard' });
  await update('aws.sm', 'prod/new', { user: 'app' }, { create: true, kmsKeyId: 'alias/app', description: 'd' });
  await update('file', '/db/host', 'localhost');

  configure('aws.ps', { region: 'eu-west-1', assumeRole: { roleArn: 'arn:aws:iam::123456789012:role/r' }, ttl: '5m' });
  configure('aws.sm', { cache: keyvCache({ ttl: '1h' }), staleIfError: false, maxAttempts: 5 });
  configure('file', { file: './secrets.yml', format: 'yaml' });
  configure('env', { prefix: 'APP_', refreshAhead: 0.8 });

  // The clients infer from their provider.
  const ps = new ParameterStore({ region: 'eu-west-1', cache: memoryCache({ max: 100, ttl: 60_000 }), timeoutMs: 2000 });
  const host = await ps.get('/app/db/host', { decrypt: true, version: 2 });
  assertType<Equal<typeof host, SecretValue>>();
  const sm = new SecretsManager({ cache: tieredCache(memoryCache(), keyvCache({ path: '/tmp/c.db' })) });
  const pw = await sm.get<string>('prod/db', { keypath: ['password'], versionId: 'a'.repeat(32) });
  assertType<Equal<typeof pw, string>>();
  const client = createClient({ provider: memoryProvider({ seed: { '/a': 'x' } }), ttl: '1m' });
  await client.get('/a', { decrypt: false });

  // A third-party provider: registered, declared, and typed like a built-in one.
  registerProvider('types.kv', (options) => vaultProvider(options));
  configure('types.kv', { address: 'http://127.0.0.1:8200', mount: 'kv', ttl: '1m' });
  await get('types.kv', 'app/db', { version: 2, keypath: ['password'] });
  const vault: CofferClient<{ get: { version?: number } }> = createClient({ provider: vaultProvider() });
  await vault.get('app/db', { version: 1 });

  // keyvCache: a file or a store.
  keyvCache({ path: '/var/cache/app/coffer.db', namespace: 'billing' });
  keyvCache({ store, encryptionKey: 'base64key' });

  void [exists];
}
