import type { CallContext, ListRequest, Provider, RawSecret, ReadRequest, UpdateRequest } from '@coffer/core';
import { mapLimited, SecretNotFoundError, ValidationError } from '@coffer/core';
import { createAuth, noProject } from './auth.js';
import { damaged, failure, statusOf } from './errors.js';
import { normalizeName, secretName, splitName } from './names.js';
import type { GcpSmOptions } from './options.js';
import { type SecretRef, SecretManagerApi } from './secret-manager-api.js';
import { resolveSettings } from './settings.js';
import type { GcpSmTypes } from './types.js';
import { payloadOf, secretValueOf } from './values.js';

const PROVIDER = 'gcp.sm';

/**
 * The `gcp.sm` provider: Google Cloud Secret Manager over its REST API. `get('db')` reads the
 * latest enabled version of secret `db` in the default project (`project`, else
 * `GOOGLE_CLOUD_PROJECT`, else Application Default Credentials); `projects/P/secrets/db` names
 * the project; `db:3` or `{ version: 3 }` reads a version. `getByPath('app-')` reads every secret
 * whose id starts with `app-`. `update` adds a version (`{ create: true }` creates the secret).
 *
 * @example
 * ```ts
 * const client = createClient({ provider: gcpSm({ project: 'my-project' }) });
 * const password = await client.get<string>('db', { keypath: ['password'] });
 * const previous = await client.get('db:2');
 * await client.update('db', { user: 'app', password: 'n3w' });
 * ```
 */
export function gcpSm(options: GcpSmOptions = {}): Provider<GcpSmTypes> {
  const settings = resolveSettings(options);
  const auth = createAuth(settings.credentials, settings.project);
  const api = new SecretManagerApi(settings, auth);

  const refOf = (path: string): Promise<SecretRef> => splitName(path, () => auth.project());

  async function read(ref: SecretRef, version: string, subject: string, context: CallContext): Promise<RawSecret | undefined> {
    const response = await api.access(ref, version, subject, context);
    if (response.status === 404) return undefined;
    if (response.status === 400 && statusOf(response) === 'FAILED_PRECONDITION') {
      throw new SecretNotFoundError(`Secret version ${version} is disabled or destroyed`, { provider: PROVIDER, path: subject });
    }
    if (response.status >= 400) throw failure(response, subject, 'read');
    const name = response.body?.name;
    const data = (response.body?.payload as { data?: unknown } | undefined)?.data;
    if (typeof name !== 'string' || (data !== undefined && typeof data !== 'string')) throw damaged(subject);
    const number = name.slice(name.lastIndexOf('/') + 1);
    const value = secretValueOf(Buffer.from(data ?? '', 'base64'));
    // versions.access answers with the name and the payload only: a date costs one more call.
    if (!settings.versionDetails) return { value, metadata: { version: number, fields: { name, state: 'ENABLED' } } };
    const details = await api.version(ref, number, subject, context);
    if (details.status >= 400) throw failure(details, subject, 'list');
    const { createTime, state } = details.body ?? {};
    return {
      value,
      metadata: {
        version: number,
        ...(typeof createTime === 'string' ? { updatedAt: new Date(createTime).toISOString() } : {}),
        fields: { name, state: typeof state === 'string' ? state : 'ENABLED' },
      },
    };
  }

  async function secretIds(project: string, prefix: string, subject: string, context: CallContext): Promise<string[]> {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const response = await api.listPage(project, pageToken, subject, context);
      if (response.status >= 400) throw failure(response, subject, 'list');
      const secrets = response.body?.secrets ?? [];
      if (!Array.isArray(secrets)) throw damaged(subject);
      for (const secret of secrets as Array<{ name?: unknown }>) {
        const id = typeof secret.name === 'string' ? secret.name.slice(secret.name.lastIndexOf('/') + 1) : '';
        // The listing is the whole project (a filter's `:` is "contains", not "starts with").
        if (id.startsWith(prefix)) ids.push(id);
      }
      const next = response.body?.nextPageToken;
      pageToken = typeof next === 'string' && next !== '' ? next : undefined;
    } while (pageToken !== undefined);
    return ids.sort();
  }

  return {
    name: PROVIDER,
    scope: `${settings.endpoint.origin}${settings.endpoint.pathname.replace(/\/+$/, '')}|${settings.project ?? ''}`,
    options: {
      get: { version: 'string|number' },
      list: {},
      exists: { version: 'string|number' },
      update: { labels: 'object' },
    },
    normalize(operation, path, opts) {
      const request = normalizeName(operation, path, opts, settings.project);
      // A bare id when nothing can tell its project: say so before any call.
      if (!request.path.startsWith('projects/') && !auth.canFindProject) throw noProjectError(path);
      return request;
    },

    async get({ path, options: opts }: ReadRequest, context: CallContext) {
      return read(await refOf(path), String(opts.version ?? 'latest'), path, context);
    },

    async list({ path, options: opts }: ListRequest, context: CallContext) {
      const { project, secret: prefix } = await refOf(path);
      const ids = await secretIds(project, prefix, path, context);
      const values = await mapLimited(ids, settings.listConcurrency, (secret) => {
        const subject = secretName(project, secret);
        return read({ project, secret }, 'latest', subject, context);
      });
      const out: Record<string, RawSecret> = {};
      ids.forEach((id, index) => {
        const value = values[index];
        // A secret without an enabled version is listed but has nothing to read.
        if (value !== undefined) out[opts.bare ? id : secretName(project, id)] = value;
      });
      return out;
    },

    async update({ path, value, create, options: opts }: UpdateRequest, context: CallContext) {
      const payload = payloadOf(value, path);
      const labels = labelsOf(opts.labels, path);
      const ref = await refOf(path);
      let response = await api.addVersion(ref, payload, path, context);
      if (response.status === 404) {
        if (!create) throw new SecretNotFoundError('Secret not found (pass { create: true } to create it)', { provider: PROVIDER, path });
        const made = await api.create(ref, labels, path, context);
        // 409: someone created it meanwhile; adding the version is still what was asked.
        if (made.status >= 400 && made.status !== 409) throw failure(made, path, 'create');
        response = await api.addVersion(ref, payload, path, context);
      }
      if (response.status >= 400) throw failure(response, path, 'write');
    },

    async close() {
      api.close();
    },
  };
}

function noProjectError(path: string): ValidationError {
  return new ValidationError(noProject().message, { provider: PROVIDER, path });
}

function labelsOf(labels: unknown, path: string): Readonly<Record<string, string>> {
  if (labels === undefined) return {};
  const entries = Object.entries(labels as Record<string, unknown>);
  if (entries.some(([key, value]) => !/^[a-z][a-z0-9_-]{0,62}$/.test(key) || typeof value !== 'string' || value.length > 63)) {
    throw new ValidationError('labels are lower-case keys (a-z, 0-9, _, -) with string values of at most 63 characters', {
      provider: PROVIDER,
      path,
    });
  }
  return labels as Readonly<Record<string, string>>;
}
