/**
 * Misuses that must not compile. `tsc -p tsconfig.tests.json` (part of `pnpm test`) fails when a
 * line marked `@ts-expect-error` compiles, and `misuses.test.ts` checks that each one fails for
 * the reason in its brackets (the text the compiler's message must contain).
 *
 * The 19 misuses of issue 13: 1-10 compiled before the typed registry, 11-19 were caught already.
 * None is let through. Not caught (see docs/types.md): with an explicit value type and a provider
 * name, as in `get<string>('aws.sm', path, { decrypt: true })`, TypeScript stops inferring the
 * name, so the options are checked against every provider's at once.
 */
import {
  configure,
  createClient,
  get,
  getByPath,
  type KeyvStoreSource,
  keyvCache,
  memoryCache,
  memoryProvider,
  ParameterStore,
  SecretsManager,
  update,
} from 'coffer';

declare const store: KeyvStoreSource;

export async function misuses(): Promise<void> {
  const ps = new ParameterStore({ region: 'eu-west-1' });

  // 1. `keyPath` for `keypath`.
  // @ts-expect-error [keyPath]
  await get('aws.sm', 'prod/db', { keyPath: ['password'] });

  // 2. `forcefetch` for `forceFetch`.
  // @ts-expect-error [forcefetch]
  await get('aws.ps', '/app/db', { forcefetch: true });

  // 3. `decrypt: 'yes'`: a boolean.
  // @ts-expect-error [boolean]
  await get('aws.ps', '/app/db', { decrypt: 'yes' });

  // 4. `versionId: 123`: a string.
  // @ts-expect-error [string]
  await get('aws.sm', 'prod/db', { versionId: 123 });

  // 5. `configure('aws.ps', { regoin })`.
  // @ts-expect-error [regoin]
  configure('aws.ps', { regoin: 'eu-west-1' });

  // 6. `configure('aws.ps', { cache: 'memory' })`: a cache is an adapter (or false).
  // @ts-expect-error [CacheAdapter]
  configure('aws.ps', { cache: 'memory' });

  // 7. `get('aws.pss', …)`: a provider name nobody registered.
  // @ts-expect-error [aws.pss]
  await get('aws.pss', '/app/db');

  // 8. `ttl: '15 minutes'`: durations are milliseconds or '30s', '15m', '1h'.
  // @ts-expect-error [15 minutes]
  new ParameterStore({ ttl: '15 minutes' });

  // 9. `keyvCache({ path, store })`: the two exclude each other (each is `never` beside the other).
  // @ts-expect-error [not assignable to type 'undefined']
  keyvCache({ path: '/tmp/coffer.db', store });

  // 10. `ps.get('/x', { verison: 3 })`.
  // @ts-expect-error [verison]
  await ps.get('/x', { verison: 3 });

  // 11. A read without a path.
  // @ts-expect-error [Expected]
  await get('aws.ps');

  // 12. A path that is not a string.
  // @ts-expect-error [number]
  await get('aws.ps', 42);

  // 13. A keypath given as a dotted string instead of an array.
  // @ts-expect-error [string]
  await get('aws.sm', 'prod/db', { keypath: 'db.password' });

  // 14. A decode mode that does not exist.
  // @ts-expect-error [yaml]
  await get('aws.ps', '/app/config', { decode: 'yaml' });

  // 15. A number written as a secret value (text, a list, bytes or an object only).
  // @ts-expect-error [number]
  await update('aws.ps', '/app/port', 5432);

  // 16. `maxAttempts` as a string.
  // @ts-expect-error [string]
  new SecretsManager({ maxAttempts: '3' });

  // 17. `memoryCache({ max: '1000' })`.
  // @ts-expect-error [string]
  memoryCache({ max: '1000' });

  // 18. `createClient` without a provider.
  // @ts-expect-error [provider]
  createClient({ cache: memoryCache() });

  // 19. `assumeRole` without its `roleArn`.
  // @ts-expect-error [roleArn]
  new ParameterStore({ assumeRole: { sessionName: 'app' } });

  // Beyond the 19: options of one provider given to another, exclusive selectors, return types.

  // @ts-expect-error [decrypt]
  await get('aws.sm', 'prod/db', { decrypt: false });

  // @ts-expect-error [not assignable to type 'undefined']
  await ps.get('/app/db', { version: 3, label: 'prod' });

  // @ts-expect-error [prefix]
  configure('file', { prefix: 'APP_' });

  // @ts-expect-error [recursive]
  await get('aws.ps', '/app', { recursive: false });

  // @ts-expect-error [tier]
  await update('aws.sm', 'prod/db', 'x', { tier: 'Advanced' });

  // A secret is not known to be a string until it is narrowed (or `get<string>` says so).
  // @ts-expect-error [not assignable to type 'string']
  const host: string = await get('aws.ps', '/app/host');

  // A raw read is text or bytes, never a parsed object.
  // @ts-expect-error [not assignable to type '{ user: string; }']
  const parsed: { user: string } = await get('aws.sm', 'prod/db', { decode: 'raw' });

  // Listing values follow `decode` too.
  const listing = await getByPath('aws.ps', '/app', { decode: 'raw' });
  // @ts-expect-error [readonly string[]]
  const list: readonly string[] | undefined = listing['/app/hosts'];

  // A client over a provider takes that provider's options only.
  const client = createClient({ provider: memoryProvider() });
  // @ts-expect-error [versionId]
  await client.get('/a', { versionId: 'x' });

  void [host, parsed, list];
}
