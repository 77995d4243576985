/**
 * What `coffer serve` was asked, parsed as the AWS Secrets Manager Agent parses it: each route's
 * parameters, a 400 naming the first unknown one, and the agent's plain-text messages.
 */
export type ServeRequest =
  | { readonly route: 'ping' }
  | {
      readonly route: 'secret';
      readonly secretId: string;
      readonly versionId?: string;
      readonly versionStage?: string;
      readonly refreshNow: boolean;
    }
  | {
      readonly route: 'parameter';
      readonly name: string;
      readonly withDecryption: boolean;
      readonly version?: string;
      readonly label?: string;
      readonly refreshNow: boolean;
    };

/** A refusal: an HTTP status and a plain-text body (never anything the caller sent). */
export interface Refusal {
  readonly status: number;
  readonly body: string;
}

const PATH_PREFIX = '/v1/';

function flag(value: string, name: string): boolean | Refusal {
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  return { status: 400, body: `invalid ${name} value` };
}

const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'status' in value;

/**
 * Parses a request target (`/secretsmanager/get?secretId=…`, `/v1/<id>`,
 * `/systemsmanager/parameters/get?name=…`, `/ping`) into a {@link ServeRequest} or a {@link Refusal}.
 *
 * @example
 * ```ts
 * parseServeRequest('/secretsmanager/get?secretId=prod%2Fdb'); // { route: 'secret', secretId: 'prod/db', refreshNow: false }
 * parseServeRequest('/secretsmanager/get?secretId=a&x=1');     // { status: 400, body: 'unknown parameter: x' }
 * ```
 */
export function parseServeRequest(target: string): ServeRequest | Refusal {
  let url: URL;
  try {
    url = new URL(target, 'http://localhost');
  } catch {
    return { status: 400, body: 'invalid request' };
  }
  const { pathname, searchParams } = url;
  if (pathname === '/ping') return { route: 'ping' };
  if (pathname === '/secretsmanager/get' || pathname.startsWith(PATH_PREFIX)) {
    const fromPath = pathname !== '/secretsmanager/get';
    let secretId = '';
    if (fromPath) {
      try {
        secretId = decodeURIComponent(pathname.slice(PATH_PREFIX.length));
      } catch {
        return { status: 400, body: 'invalid request' };
      }
      if (secretId === '') return { status: 400, body: 'missing secret ID' };
    }
    const out: { versionId?: string; versionStage?: string; refreshNow: boolean } = { refreshNow: false };
    for (const [key, value] of searchParams) {
      if (key === 'secretId' && !fromPath) secretId = value;
      else if (key === 'versionId') out.versionId = value;
      else if (key === 'versionStage') out.versionStage = value;
      else if (key === 'refreshNow') {
        const parsed = flag(value, 'refreshNow');
        if (isRefusal(parsed)) return parsed;
        out.refreshNow = parsed;
      } else return { status: 400, body: `unknown parameter: ${safeName(key)}` };
    }
    if (secretId === '') return { status: 400, body: 'missing parameter secretId' };
    return { route: 'secret', secretId, ...out };
  }
  if (pathname === '/systemsmanager/parameters/get') {
    const out: { name: string; withDecryption: boolean; version?: string; label?: string; refreshNow: boolean } = {
      name: '',
      withDecryption: false,
      refreshNow: false,
    };
    for (const [key, value] of searchParams) {
      if (key === 'name') out.name = value;
      else if (key === 'version') out.version = value;
      else if (key === 'label') out.label = value;
      else if (key === 'withDecryption' || key === 'refreshNow') {
        const parsed = flag(value, key);
        if (isRefusal(parsed)) return parsed;
        out[key] = parsed;
      } else return { status: 400, body: `unknown parameter: ${safeName(key)}` };
    }
    if (out.name === '') return { status: 400, body: 'missing parameter name' };
    return { route: 'parameter', ...out };
  }
  return { status: 404, body: 'Not found' };
}

/** A parameter name echoed in a message: only when it looks like one, so nothing else is reflected. */
function safeName(name: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? name : '(invalid name)';
}
