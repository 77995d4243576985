import { type CallContext, type SecretMetadata, ValidationError } from '@coffer/core';
import { damaged, failure, missingMount, missingVersion, noSuchMount } from './errors.js';
import { apiPath } from './paths.js';
import { metadataOf } from './secret-metadata.js';
import type { VaultSettings } from './settings.js';
import type { VaultApi } from './vault-api.js';

/** A secret as KV returns it: its fields, and the lease the server gave it (KV version 1). */
export interface KvSecret {
  readonly data: Record<string, unknown>;
  /** KV v1's `lease_duration`, in milliseconds, when the server set one. */
  readonly leaseMs?: number;
  /** What the server said about the value: version, date, lease. */
  readonly metadata?: SecretMetadata;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The KV secrets engine at one mount, version 1 or 2: reads, listings and writes as HTTP
 * routes. The version is the option, else read once from `sys/internal/ui/mounts/<mount>`
 * (what the vault CLI asks too), else 2.
 */
export class KvEngine {
  readonly #settings: VaultSettings;
  readonly #api: VaultApi;
  #version: Promise<1 | 2> | undefined;

  constructor(settings: VaultSettings, api: VaultApi) {
    this.#settings = settings;
    this.#api = api;
    if (settings.kvVersion) this.#version = Promise.resolve(settings.kvVersion);
  }

  /** The mount's KV version. */
  version(context: CallContext): Promise<1 | 2> {
    this.#version ??= this.#detect(context).catch((error: unknown) => {
      this.#version = undefined;
      throw error;
    });
    return this.#version;
  }

  /** Reads a secret (a given version on KV v2); `undefined` when there is none (or it is deleted). */
  async read(path: string, version: number | undefined, context: CallContext): Promise<KvSecret | undefined> {
    const kv = await this.version(context);
    if (kv === 1 && version !== undefined) throw new ValidationError('KV version 1 has no versions', { provider: 'vault', path });
    const route = kv === 2 ? apiPath(this.#settings.mount, 'data', path) : apiPath(this.#settings.mount, path);
    const query = version === undefined ? '' : `?version=${version}`;
    const response = await this.#api.call({ method: 'GET', path: `${route}${query}`, idempotent: true, subject: path }, context);
    if (noSuchMount(response)) throw missingMount(this.#settings.mount, path);
    if (response.status === 404) return this.#missing(path, version, context);
    if (response.status !== 200) throw failure(response, path);
    const body = response.body?.data;
    const data = kv === 2 ? (isRecord(body) ? body.data : undefined) : body;
    // KV v2 answers a deleted or destroyed version with data: null.
    if (kv === 2 && isRecord(body) && body.data === null) return this.#missing(path, version, context);
    if (!isRecord(data)) throw damaged(path);
    const lease = response.body?.lease_duration;
    const metadata = metadataOf(response.body ?? undefined);
    const secret = kv === 1 && typeof lease === 'number' && lease > 0 ? { data, leaseMs: lease * 1000 } : { data };
    return metadata === undefined ? secret : { ...secret, metadata };
  }

  /** The names right under a folder (`sub/` for folders); `[]` when there is nothing. */
  async list(path: string, context: CallContext): Promise<string[]> {
    const kv = await this.version(context);
    const route = kv === 2 ? apiPath(this.#settings.mount, 'metadata', path) : apiPath(this.#settings.mount, path);
    const response = await this.#api.call({ method: 'LIST', path: `${route}/`, idempotent: true, subject: path }, context);
    if (noSuchMount(response)) throw missingMount(this.#settings.mount, path);
    if (response.status === 404) return [];
    if (response.status !== 200) throw failure(response, path);
    const keys = (response.body?.data as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) throw damaged(path);
    return keys;
  }

  /** Whether the secret has any version at all (KV v2 metadata; a read on KV v1). */
  async known(path: string, context: CallContext): Promise<boolean> {
    const kv = await this.version(context);
    if (kv === 1) return (await this.read(path, undefined, context)) !== undefined;
    const response = await this.#api.call(
      { method: 'GET', path: apiPath(this.#settings.mount, 'metadata', path), idempotent: true, subject: path },
      context,
    );
    if (noSuchMount(response)) throw missingMount(this.#settings.mount, path);
    if (response.status === 404) return false;
    if (response.status !== 200) throw failure(response, path);
    return true;
  }

  /** Writes the fields of a secret; on KV v2 a new version, with check-and-set when `cas` is given. */
  async write(path: string, data: Record<string, unknown>, cas: number | undefined, context: CallContext): Promise<void> {
    const kv = await this.version(context);
    if (kv === 1 && cas !== undefined) throw new ValidationError('KV version 1 has no check-and-set', { provider: 'vault', path });
    const request =
      kv === 2
        ? { path: apiPath(this.#settings.mount, 'data', path), body: cas === undefined ? { data } : { data, options: { cas } } }
        : { path: apiPath(this.#settings.mount, path), body: data };
    const response = await this.#api.call({ method: 'POST', ...request, idempotent: false, subject: path }, context);
    if (noSuchMount(response)) throw missingMount(this.#settings.mount, path);
    if (response.status !== 200 && response.status !== 204) throw failure(response, path);
  }

  /**
   * A read that found nothing: with a version asked for, one look at the secret's metadata tells
   * a missing version (an error saying so) from a missing secret (`undefined`).
   */
  async #missing(path: string, version: number | undefined, context: CallContext): Promise<undefined> {
    if (version !== undefined && (await this.known(path, context))) throw missingVersion(path, version);
    return undefined;
  }

  async #detect(context: CallContext): Promise<1 | 2> {
    const route = apiPath('sys', 'internal', 'ui', 'mounts', this.#settings.mount);
    const response = await this.#api.call({ method: 'GET', path: route, idempotent: true }, context);
    if (response.status >= 500 || response.status === 429) throw failure(response, undefined);
    const data = response.body?.data as { type?: unknown; options?: { version?: unknown } | null } | undefined;
    if (response.status !== 200 || !data) return 2;
    if (data.type !== undefined && data.type !== 'kv' && data.type !== 'generic') {
      throw new ValidationError(`the mount '${this.#settings.mount}' is not a KV secrets engine`, { provider: 'vault' });
    }
    return data.options?.version === '2' ? 2 : 1;
  }
}
