import type { FleetEvents, FleetStore } from './fleet-store.js';
import type { SqliteStore } from './sqlite-file.js';

/** How often a process looks at the change counter of the shared file. */
export const POLL_EVERY_MS = 250;
/** How long a change stays in the file for the processes that have not seen it yet. */
const KEEP_CHANGES_MS = 60_000;
/** A process that has not looked for this long (suspended, say) may have missed changes. */
const RESYNC_AFTER_MS = 30_000;

/** Makes the lease and change tables if the file does not have them yet. */
export async function prepareFleetTables(store: SqliteStore): Promise<void> {
  await store.query('CREATE TABLE IF NOT EXISTS coffer_leases (id TEXT PRIMARY KEY, holder TEXT NOT NULL, until INTEGER NOT NULL)');
  await store.query(
    'CREATE TABLE IF NOT EXISTS coffer_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, ns TEXT NOT NULL, origin TEXT NOT NULL, ids TEXT, at INTEGER NOT NULL)',
  );
}

/**
 * Leases and invalidations on the shared SQLite file. A lease is a row taken by one upsert
 * statement (one transaction) for every key of a batch, which wins only where no row is held or
 * the held one has lapsed, so a dead holder blocks no one past its ttl. Invalidations are rows of
 * a change table whose sequence number is the change counter: each process looks at it every
 * {@link POLL_EVERY_MS} and drops what changed since its last look.
 */
export function sqliteFleet(store: SqliteStore, namespace: string, origin: string): FleetStore {
  let timer: NodeJS.Timeout | undefined;
  return {
    async takeLeases(ids, ttlMs) {
      if (ids.length === 0) return [];
      const now = Date.now();
      const rows = (await store.query(
        `INSERT INTO coffer_leases (id, holder, until) SELECT value, ?, ? FROM json_each(?) WHERE true
         ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, until = excluded.until WHERE coffer_leases.until <= ?
         RETURNING id`,
        origin,
        now + Math.max(1, Math.ceil(ttlMs)),
        JSON.stringify([...new Set(ids)]),
        now,
      )) as Array<{ id: string }>;
      return rows.map((row) => row.id);
    },
    async renewLeases(ids, ttlMs) {
      if (ids.length === 0) return [];
      const rows = (await store.query(
        'UPDATE coffer_leases SET until = ? WHERE holder = ? AND id IN (SELECT value FROM json_each(?)) RETURNING id',
        Date.now() + Math.max(1, Math.ceil(ttlMs)),
        origin,
        JSON.stringify([...new Set(ids)]),
      )) as Array<{ id: string }>;
      return rows.map((row) => row.id);
    },
    async releaseLeases(ids) {
      if (ids.length === 0) return;
      await store.query(
        'DELETE FROM coffer_leases WHERE holder = ? AND id IN (SELECT value FROM json_each(?))',
        origin,
        JSON.stringify(ids),
      );
    },
    async publish(ids) {
      const now = Date.now();
      await store.query(
        'INSERT INTO coffer_changes (ns, origin, ids, at) VALUES (?, ?, ?, ?)',
        namespace,
        origin,
        ids === undefined ? null : JSON.stringify(ids),
        now,
      );
      await store.query('DELETE FROM coffer_changes WHERE at < ?', now - KEEP_CHANGES_MS);
      await store.query('DELETE FROM coffer_leases WHERE until < ?', now - KEEP_CHANGES_MS);
    },
    listen(events: FleetEvents) {
      if (timer) return;
      let seen: number | undefined;
      let lookedAt = Date.now();
      let up: boolean | undefined;
      let busy = false;
      const report = (next: boolean) => {
        if (next !== up) events.status(next);
        up = next;
      };
      const look = async () => {
        if (seen === undefined) {
          const [row] = (await store.query('SELECT coalesce(max(seq), 0) AS seq FROM coffer_changes')) as Array<{ seq: number }>;
          seen = row?.seq ?? 0;
          return;
        }
        const rows = (await store.query(
          'SELECT seq, origin, ids FROM coffer_changes WHERE seq > ? AND ns = ? ORDER BY seq',
          seen,
          namespace,
        )) as Array<{ seq: number; origin: string; ids: string | null }>;
        const late = Date.now() - lookedAt > RESYNC_AFTER_MS;
        let all = late;
        const changed = new Set<string>();
        for (const row of rows) {
          seen = Math.max(seen, row.seq);
          if (row.origin === origin) continue;
          if (row.ids === null) all = true;
          else for (const id of JSON.parse(row.ids) as string[]) changed.add(id);
        }
        if (all) events.message(undefined);
        else if (changed.size > 0) events.message(changed);
      };
      const tick = () => {
        if (busy) return;
        busy = true;
        look().then(
          () => {
            lookedAt = Date.now();
            busy = false;
            report(true);
          },
          () => {
            busy = false;
            report(false);
          },
        );
      };
      timer = setInterval(tick, POLL_EVERY_MS);
      timer.unref();
      tick();
    },
    async close() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
