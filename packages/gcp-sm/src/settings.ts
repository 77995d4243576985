import { ValidationError } from '@coffer/core';
import { checkProject } from './names.js';
import type { GcpCredentials, GcpSmOptions } from './options.js';

/** The provider's options, checked and with their defaults. */
export interface GcpSmSettings {
  readonly endpoint: URL;
  /** The project of bare ids when known without asking Application Default Credentials. */
  readonly project: string | undefined;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly listConcurrency: number;
  readonly versionDetails: boolean;
  /** The `credentials` option, else a fixed token from `GOOGLE_OAUTH_ACCESS_TOKEN`, else none (ADC). */
  readonly credentials: GcpCredentials | undefined;
}

const DEFAULT_ENDPOINT = 'https://secretmanager.googleapis.com';

function invalid(message: string): never {
  throw new ValidationError(message, { provider: 'gcp.sm' });
}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(`${name} must be a positive integer`);
  return value;
}

function endpointOf(text: unknown): URL {
  if (text === undefined) return new URL(DEFAULT_ENDPOINT);
  let url: URL | undefined;
  try {
    url = typeof text === 'string' ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
    invalid('endpoint must be an http(s) URL such as https://secretmanager.googleapis.com');
  }
  return url;
}

/**
 * Checks the options and fills in the defaults (the project from `GOOGLE_CLOUD_PROJECT`, else
 * `GCLOUD_PROJECT`; a fixed token from `GOOGLE_OAUTH_ACCESS_TOKEN`), before any call: a mistake
 * is a `ValidationError` naming the option.
 *
 * @example
 * ```ts
 * resolveSettings({ project: 'p', endpoint: 'http://127.0.0.1:8085' }).endpoint.origin; // 'http://127.0.0.1:8085'
 * ```
 */
export function resolveSettings(options: GcpSmOptions, env: NodeJS.ProcessEnv = process.env): GcpSmSettings {
  if (options === null || typeof options !== 'object') invalid('options must be an object');
  const project = options.project ?? (env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT || undefined);
  if (project !== undefined && typeof project !== 'string') invalid('project must be a string');
  const { credentials } = options;
  const badToken =
    credentials && typeof credentials === 'object' && 'accessToken' in credentials && typeof credentials.accessToken !== 'string';
  if (credentials !== undefined && (credentials === null || typeof credentials !== 'object' || badToken)) {
    invalid('credentials must be { accessToken }, a service account key object or a token source');
  }
  if (options.versionDetails !== undefined && typeof options.versionDetails !== 'boolean') invalid('versionDetails must be a boolean');
  return {
    endpoint: endpointOf(options.endpoint),
    project: project === undefined ? undefined : checkProject(project, options.project === undefined ? 'GOOGLE_CLOUD_PROJECT' : 'project'),
    timeoutMs: positive(options.timeoutMs, 'timeoutMs', 5000),
    maxAttempts: positive(options.maxAttempts, 'maxAttempts', 3),
    listConcurrency: positive(options.listConcurrency, 'listConcurrency', 8),
    versionDetails: options.versionDetails ?? false,
    // The variable Terraform's google provider reads for a token minted elsewhere.
    credentials: credentials ?? (env.GOOGLE_OAUTH_ACCESS_TOKEN ? { accessToken: env.GOOGLE_OAUTH_ACCESS_TOKEN } : undefined),
  };
}
