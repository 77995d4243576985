import { type CofferClient, refreshOnError } from 'coffer';

/** What the database driver throws when it refuses a password (say, right after a rotation). */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
}

/** The little a service needs of its database driver. */
export interface Database {
  /** Runs a query, signing in with this password; throws {@link AccessDeniedError} for a wrong one. */
  query(password: string, sql: string): Promise<unknown[]>;
}

/** Options of {@link createService}. */
export interface ServiceOptions {
  /** Where secrets are read from: any coffer client (ParameterStore, SecretsManager, createClient(...)). */
  secrets: CofferClient;
  /** The database the service queries. */
  database: Database;
  /** The path of the database password. */
  passwordPath: string;
  /** Told about each refresh (a log line, a metric). */
  onRotation?: () => void;
}

/**
 * A long-running service whose database password is rotated behind its back. Reads are served
 * from the cache for its whole ttl; when the database refuses the cached password, the password
 * is refreshed once and the query runs again. No polling, no restart.
 *
 * @example
 * ```ts
 * const service = createService({ secrets: new SecretsManager(), database, passwordPath: 'prod/db/password' });
 * await service.query('select 1');
 * ```
 */
export function createService(options: ServiceOptions) {
  const { secrets, database, passwordPath } = options;
  const query = refreshOnError(async (sql: string) => database.query(await secrets.get<string>(passwordPath), sql), {
    client: secrets,
    paths: [passwordPath],
    when: AccessDeniedError,
    onRefresh: () => options.onRotation?.(),
  });
  return { query };
}
