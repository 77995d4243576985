import { randomBytes } from 'node:crypto';
import type { SeedEntry } from '@coffer/conformance';
import { gcpSm } from '@coffer/gcp-sm';

/**
 * Helpers of the gcp.sm tests: the shared drongo server of scripts/harness/drongo.ts, a
 * `describe` that skips with the harness's reason when drongo cannot be had, and admin calls
 * that seed secrets behind the provider's back.
 */

const skipReason = process.env.COFFER_TEST_GCP_SKIP;

/** The project every test uses: drongo keeps one backend per project name. */
export const project = 'coffer-test';
/** The fixed token the emulator is given (drongo checks none; the provider always sends one). */
export const accessToken = 'drongo-test-token';

/** `describe` when drongo runs, else a skipped block whose title says why. */
export function describeGcp(title: string, body: () => void): void {
  if (skipReason || !process.env.COFFER_TEST_GCP_ENDPOINT) {
    describe.skip(`${title} (skipped: ${skipReason ?? 'COFFER_TEST_GCP_ENDPOINT is unset'})`, body);
  } else describe(title, body);
}

/** The shared emulator's endpoint. */
export const endpoint = (): string => process.env.COFFER_TEST_GCP_ENDPOINT ?? 'http://127.0.0.1:1';

/** A provider on the shared emulator (or `server`). */
export const provider = (server = endpoint()) => gcpSm({ endpoint: server, project, credentials: { accessToken } });

/** A unique secret-id prefix. */
export const unique = (prefix = 't'): string => `${prefix}${randomBytes(5).toString('hex')}`;

/** One REST call to the emulator; the parsed body, throws on an error status. */
export async function admin(method: string, path: string, body?: unknown, server = endpoint()): Promise<Record<string, unknown>> {
  const response = await fetch(`${server}/v1/projects/${project}/${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Adds a version to `secret`, creating it first when it does not exist. */
export async function addVersion(secret: string, value: string | Uint8Array, server = endpoint()): Promise<void> {
  const data = Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64');
  try {
    await admin('POST', `secrets?secretId=${secret}`, { replication: { automatic: {} } }, server);
  } catch (error) {
    if (!(error as Error).message.includes(' 409 ')) throw error;
  }
  await admin('POST', `secrets/${secret}:addVersion`, { payload: { data } }, server);
}

/** Writes conformance fixtures: each a secret with one version. */
export async function seed(entries: SeedEntry[], server = endpoint()): Promise<void> {
  await Promise.all(
    entries.map(({ name, value }) => {
      if (Array.isArray(value)) throw new Error('gcp.sm fixtures are text or bytes');
      return addVersion(name, value as string | Uint8Array, server);
    }),
  );
}

/** Names as secret ids take them: no `/`, so segments are joined with `_`. */
export const nameOf = (prefix: string, ...segments: string[]): string => [prefix, ...segments].join('_');
