import { randomBytes } from 'node:crypto';
import type { SeedEntry } from '@coffer/conformance';
import { type AwsProxy, awsProxy } from '../../../scripts/harness/aws-proxy';

/**
 * Helpers of the vault tests: the shared OpenBao dev server of scripts/harness/openbao.ts, a
 * `describe` that skips with the harness's reason when OpenBao cannot be had, and admin calls
 * with the root token for seeding behind the provider's back.
 */

const skipReason = process.env.COFFER_TEST_VAULT_SKIP;

/** `describe` when OpenBao runs, else a skipped block whose title says why. */
export function describeVault(title: string, body: () => void): void {
  if (skipReason || !process.env.COFFER_TEST_VAULT_ADDR) {
    describe.skip(`${title} (skipped: ${skipReason ?? 'COFFER_TEST_VAULT_ADDR is unset'})`, body);
  } else describe(title, body);
}

/** The shared server's address. */
export const address = (): string => process.env.COFFER_TEST_VAULT_ADDR ?? 'http://127.0.0.1:1';
/** The shared server's root token. */
export const rootToken = (): string => process.env.COFFER_TEST_VAULT_TOKEN ?? 'unset';

/**
 * A counting, fault-injecting proxy in front of the shared server for every test of the
 * enclosing `describe`, and the list of clients (or anything with `close`) to close after each.
 */
export function proxyEachTest(): { readonly proxy: AwsProxy; readonly open: { close(): Promise<void> }[] } {
  let proxy: AwsProxy | undefined;
  const open: { close(): Promise<void> }[] = [];
  beforeEach(async () => {
    proxy = await awsProxy(address());
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((made) => made.close()));
    await proxy?.close();
  });
  return {
    get proxy() {
      if (!proxy) throw new Error('the proxy runs only inside a test');
      return proxy;
    },
    open,
  };
}

/** A unique name, for a mount, a folder or a policy. */
export const unique = (prefix = 't'): string => `${prefix}${randomBytes(5).toString('hex')}`;

// biome-ignore lint/suspicious/noExplicitAny: admin answers are read loosely by tests
type AdminBody = Record<string, any>;

/** One Vault API call with the root token (or `token`); the parsed body, throws on an error status. */
export async function admin(
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string; namespace?: string; server?: string } = {},
): Promise<AdminBody | undefined> {
  const headers: Record<string, string> = { 'X-Vault-Token': options.token ?? rootToken() };
  if (options.namespace) headers['X-Vault-Namespace'] = options.namespace;
  const response = await fetch(`${options.server ?? address()}/v1/${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Mounts a new KV engine of `version` at a unique path and returns the path. */
export async function newMount(version: 1 | 2, namespace?: string): Promise<string> {
  const mount = unique('kv');
  await admin(
    'POST',
    `sys/mounts/${mount}`,
    { type: 'kv', options: { version: String(version) } },
    { ...(namespace ? { namespace } : {}) },
  );
  return mount;
}

/** The fields a fixture becomes: a JSON object is the fields, other text the `value` field. */
export function fieldsOfFixture(value: SeedEntry['value']): Record<string, unknown> {
  if (typeof value !== 'string') throw new Error('vault fixtures are text');
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // plain text
  }
  return { value };
}

/** Writes fixtures into a KV v2 mount (default `secret`) with the root token. */
export async function seedKv2(entries: SeedEntry[], mount = 'secret'): Promise<void> {
  await Promise.all(entries.map(({ name, value }) => admin('POST', `${mount}/data/${name}`, { data: fieldsOfFixture(value) })));
}

/** Names as Vault paths take them: relative to the mount, no leading slash. */
export const nameOf = (prefix: string, ...segments: string[]): string => [prefix, ...segments].join('/');
