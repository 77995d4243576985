import { ProviderError } from '@coffer/core';
import type { AccessTokenSource, GcpCredentials, ServiceAccountKey } from './options.js';

const PROVIDER = 'gcp.sm';
const SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** Where the provider gets its access tokens and, for bare secret ids, its project. */
export interface Auth {
  /** A valid access token (refreshed by the source when it expires). */
  token(): Promise<string>;
  /** The project of bare secret ids; throws a configuration error naming the fix. */
  project(): Promise<string>;
  /** Whether {@link project} can find a project at all: false lets a bare id fail before any call. */
  readonly canFindProject: boolean;
}

/** GoogleAuth's own method, on the sources that have it. */
interface ProjectSource extends AccessTokenSource {
  getProjectId(): Promise<string | null | undefined>;
}

const isSource = (credentials: GcpCredentials): credentials is AccessTokenSource =>
  typeof (credentials as AccessTokenSource).getAccessToken === 'function';

const hasProject = (source: AccessTokenSource): source is ProjectSource => typeof (source as ProjectSource).getProjectId === 'function';

const NO_PROJECT =
  'no Google Cloud project for a secret named without one: give the project option, ' +
  'set GOOGLE_CLOUD_PROJECT, or name it projects/PROJECT/secrets/SECRET';
const NO_CREDENTIALS =
  'no Google Cloud credentials: run `gcloud auth application-default login`, ' +
  'set GOOGLE_APPLICATION_CREDENTIALS to a key file, or give the credentials option';

/**
 * The error for "no project": a configuration mistake, never transient.
 *
 * @example
 * ```ts
 * throw noProject();
 * ```
 */
export function noProject(): ProviderError {
  return new ProviderError(NO_PROJECT, { provider: PROVIDER, transient: false, failure: 'configuration' });
}

/** Turns what a token source threw into a coffer error that says what to do. */
function tokenFailure(error: unknown): ProviderError {
  const message = error instanceof Error ? error.message : '';
  const status = (error as { status?: unknown; response?: { status?: unknown } }).response?.status;
  if (/default credentials/i.test(message)) {
    return new ProviderError(NO_CREDENTIALS, { provider: PROVIDER, transient: false, failure: 'credentials', cause: error });
  }
  if (status === 400 || status === 401 || status === 403) {
    return new ProviderError('the Google Cloud credentials were refused when getting an access token (revoked or invalid key?)', {
      provider: PROVIDER,
      transient: false,
      failure: 'credentials',
      cause: error,
    });
  }
  return new ProviderError('cannot get a Google Cloud access token (metadata server or token endpoint unreachable)', {
    provider: PROVIDER,
    transient: true,
    failure: 'network',
    cause: error,
  });
}

async function tokenOf(source: AccessTokenSource): Promise<string> {
  let answer: Awaited<ReturnType<AccessTokenSource['getAccessToken']>>;
  try {
    answer = await source.getAccessToken();
  } catch (error) {
    throw tokenFailure(error);
  }
  const token = typeof answer === 'string' ? answer : answer?.token;
  if (!token) throw tokenFailure(new Error('the token source gave no token'));
  return token;
}

/**
 * The provider's credentials: a fixed token, a token source, or google-auth-library's
 * Application Default Credentials (loaded on the first call, so a fixed token never loads it).
 *
 * @example
 * ```ts
 * const auth = createAuth({ accessToken: 'emulator' }, 'my-project');
 * await auth.token(); // 'emulator'
 * ```
 */
export function createAuth(credentials: GcpCredentials | undefined, project: string | undefined): Auth {
  if (credentials && 'accessToken' in credentials && typeof credentials.accessToken === 'string') {
    const token = credentials.accessToken;
    return {
      token: async () => token,
      project: () => (project ? Promise.resolve(project) : Promise.reject(noProject())),
      canFindProject: !!project,
    };
  }
  if (credentials && isSource(credentials)) {
    const source = credentials;
    return {
      token: () => tokenOf(source),
      project: () => (project ? Promise.resolve(project) : projectOf(source)),
      canFindProject: !!project || hasProject(source),
    };
  }
  const key = credentials as ServiceAccountKey | undefined;
  let adc: Promise<ProjectSource> | undefined;
  // One GoogleAuth per provider: it caches the client and its token until shortly before expiry.
  const source = () => {
    adc ??= import('google-auth-library').then(({ GoogleAuth }) => new GoogleAuth({ scopes: SCOPE, ...(key ? { credentials: key } : {}) }));
    return adc;
  };
  return {
    token: async () => tokenOf(await source()),
    project: async () => project ?? key?.project_id ?? projectOf(await source()),
    canFindProject: true,
  };
}

async function projectOf(source: AccessTokenSource): Promise<string> {
  if (!hasProject(source)) throw noProject();
  let found: string | null | undefined;
  try {
    found = await source.getProjectId();
  } catch {
    throw noProject();
  }
  if (!found) throw noProject();
  return found;
}
