import type { CofferClient, Duration, Unwatch } from 'coffer';

/** The little a pool needs of its database driver: connections opened with a password. */
export interface Connector {
  connect(password: string): Promise<{ close(): Promise<void> }>;
}

/**
 * A database pool that reconnects when its password changes: it watches the secret (one batched
 * poll per interval for everything the client watches, at once after an `update` or a fleet
 * invalidation), opens the new connection, then closes the old one, so queries never see a gap.
 *
 * @example
 * ```ts
 * const pool = await reconnectingPool({ secrets: new SecretsManager(), path: 'prod/db/password', connector });
 * await pool.close();
 * ```
 */
export async function reconnectingPool(options: {
  secrets: CofferClient;
  path: string;
  connector: Connector;
  interval?: Duration;
  onReconnect?: () => void;
}) {
  const { secrets, path, connector } = options;
  let connection = await connector.connect(await secrets.get<string>(path));
  const unwatch: Unwatch = secrets.watch<string>(
    path,
    async (password) => {
      const next = await connector.connect(password);
      const previous = connection;
      connection = next;
      await previous.close();
      options.onReconnect?.();
    },
    { interval: options.interval ?? '30s', onError: (error) => console.warn(`watch of ${path}: ${error.name}`) },
  );
  return {
    /** The connection to use now. */
    get connection() {
      return connection;
    },
    async close() {
      unwatch();
      await connection.close();
    },
  };
}
