import type { CallContext } from '@coffer/core';
import type { Auth } from './auth.js';
import { GcpTransport, type GcpResponse, type TransportSettings } from './transport.js';

/** A secret's place: its project and id. */
export interface SecretRef {
  readonly project: string;
  readonly secret: string;
}

const enc = encodeURIComponent;
const secretPath = ({ project, secret }: SecretRef) => `/v1/projects/${enc(project)}/secrets/${enc(secret)}`;

/**
 * The Secret Manager REST routes the provider uses, each one authenticated request: access a
 * version, get a version's metadata, list a page of secrets, create a secret, add a version.
 *
 * @example
 * ```ts
 * const api = new SecretManagerApi(settings, auth);
 * const response = await api.access({ project: 'p', secret: 'db' }, 'latest', 'db', context);
 * ```
 */
export class SecretManagerApi {
  readonly #transport: GcpTransport;
  readonly #auth: Auth;

  constructor(settings: TransportSettings, auth: Auth) {
    this.#transport = new GcpTransport(settings);
    this.#auth = auth;
  }

  /** `versions/{version}:access`: the payload of a version (`latest`: the newest enabled one). */
  access(ref: SecretRef, version: string, subject: string, context: CallContext): Promise<GcpResponse> {
    return this.#call('GET', `${secretPath(ref)}/versions/${enc(version)}:access`, undefined, true, subject, context);
  }

  /** `versions/{version}`: a version's metadata (`createTime`, `state`), without its payload. */
  version(ref: SecretRef, version: string, subject: string, context: CallContext): Promise<GcpResponse> {
    return this.#call('GET', `${secretPath(ref)}/versions/${enc(version)}`, undefined, true, subject, context);
  }

  /** One page of a project's secrets (names and metadata, no payloads). */
  listPage(project: string, pageToken: string | undefined, subject: string, context: CallContext): Promise<GcpResponse> {
    const query = new URLSearchParams({ pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
    return this.#call('GET', `/v1/projects/${enc(project)}/secrets?${query}`, undefined, true, subject, context);
  }

  /** Creates a secret with automatic replication; it has no version until one is added. */
  create(ref: SecretRef, labels: Readonly<Record<string, string>>, subject: string, context: CallContext): Promise<GcpResponse> {
    const query = new URLSearchParams({ secretId: ref.secret });
    const body = { replication: { automatic: {} }, ...(Object.keys(labels).length ? { labels } : {}) };
    // A create that may have been applied is not retried: a second one would only answer 409.
    return this.#call('POST', `/v1/projects/${enc(ref.project)}/secrets?${query}`, body, false, subject, context);
  }

  /** `:addVersion`: a new version holding `data`, which becomes `latest`. */
  addVersion(ref: SecretRef, data: Uint8Array, subject: string, context: CallContext): Promise<GcpResponse> {
    const body = { payload: { data: Buffer.from(data).toString('base64') } };
    return this.#call('POST', `${secretPath(ref)}:addVersion`, body, false, subject, context);
  }

  /** Closes idle sockets. */
  close(): void {
    this.#transport.close();
  }

  async #call(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotent: boolean,
    subject: string,
    context: CallContext,
  ): Promise<GcpResponse> {
    const token = await this.#auth.token();
    return this.#transport.send({ method, path, token, body, idempotent, subject }, context);
  }
}
