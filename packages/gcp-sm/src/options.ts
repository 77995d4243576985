/**
 * A service account key, as the JSON file the Cloud console downloads holds it (only the fields
 * coffer needs are typed; the rest are passed through to google-auth-library).
 *
 * @example
 * ```ts
 * const key: ServiceAccountKey = JSON.parse(readFileSync('key.json', 'utf8'));
 * ```
 */
export interface ServiceAccountKey {
  /** `service_account` */
  readonly type?: string;
  /** The service account's e-mail address. */
  readonly client_email: string;
  /** The PEM private key. */
  readonly private_key: string;
  /** The project the key belongs to: the default project when none is given. */
  readonly project_id?: string;
}

/**
 * Anything that hands out OAuth2 access tokens, such as google-auth-library's `GoogleAuth`,
 * `OAuth2Client`, `JWT`, `Impersonated` or `ExternalAccountClient`.
 *
 * @example
 * ```ts
 * const source: AccessTokenSource = new GoogleAuth({ scopes: 'https://www.googleapis.com/auth/cloud-platform' });
 * ```
 */
export interface AccessTokenSource {
  /** Resolves to a valid access token, refreshing it when needed. */
  getAccessToken(): Promise<string | null | undefined | { readonly token?: string | null }>;
}

/**
 * How `gcp.sm` authenticates: a fixed access token (an emulator, a token minted elsewhere), a
 * service account key, or any token source. Without it, Application Default Credentials.
 *
 * @example
 * ```ts
 * const fixed: GcpCredentials = { accessToken: process.env.GCP_TOKEN! };
 * ```
 */
export type GcpCredentials = { readonly accessToken: string } | ServiceAccountKey | AccessTokenSource;

/**
 * Options of the `gcp.sm` provider.
 *
 * @example
 * ```ts
 * const options: GcpSmOptions = { project: 'my-project' };
 * ```
 */
export interface GcpSmOptions {
  /**
   * The project of secrets named without one (`db` rather than `projects/P/secrets/db`).
   * @default process.env.GOOGLE_CLOUD_PROJECT, else GCLOUD_PROJECT, else the project of the
   * Application Default Credentials
   */
  project?: string;
  /**
   * The Secret Manager API root: an emulator or a private endpoint.
   * @default process.env.COFFER_GCP_SM_ENDPOINT, else 'https://secretmanager.googleapis.com'
   */
  endpoint?: string;
  /**
   * Credentials; see {@link GcpCredentials}.
   * @default a fixed token from process.env.GOOGLE_OAUTH_ACCESS_TOKEN, else Application Default
   * Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default login, the
   * metadata server)
   */
  credentials?: GcpCredentials;
  /**
   * Milliseconds one HTTP attempt may take.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Total attempts of a request that fails for a transient reason (network, 429, 5xx).
   * @default 3
   */
  maxAttempts?: number;
  /**
   * How many secrets `getByPath` reads at once.
   * @default 8
   */
  listConcurrency?: number;
  /**
   * Also read each version's `createTime` (as `metadata.updatedAt`): one more API call per read,
   * since `versions.access` answers with the name and the payload only.
   * @default false
   */
  versionDetails?: boolean;
}
