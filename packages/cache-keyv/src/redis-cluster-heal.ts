/** A node of the cluster as node-redis lists it. */
interface ListedNode {
  readonly host: string;
  readonly port: number;
  readonly client?: { readonly isReady: boolean; sendCommand(args: string[]): Promise<unknown> };
}

/**
 * The part of a node-redis cluster client (`createCluster`) that healing needs. `_slots` is in
 * node-redis's published types: its `rediscover` is what the client runs itself on `MOVED`.
 */
export interface HealingCluster {
  readonly isOpen: boolean;
  readonly masters: readonly ListedNode[];
  readonly replicas: readonly ListedNode[];
  readonly _slots: { rediscover(startWith: unknown): Promise<void> };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string): boolean;
}

const FIRST_RETRY_MS = 250;
const healed = new WeakSet<HealingCluster>();
const LAST_RETRY_MS = 5000;

/**
 * Makes a cluster client follow a failover. node-redis learns a new layout only from a `MOVED`
 * reply, and a master that died sends none: its slots stay pointed at a dead address for good.
 * So when a node connection fails, the layout is asked again of a live node, with back-off,
 * until every slot's master answers and the cluster says `cluster_state:ok`; then the client
 * emits `ready`, as a single-server client does after reconnecting, so the cache uses it again.
 */
export function healAfterNodeLoss(cluster: HealingCluster): void {
  // Several caches can share one client (a store given in code): one healer is enough.
  if (healed.has(cluster)) return;
  healed.add(cluster);
  let timer: NodeJS.Timeout | undefined;
  let delay = FIRST_RETRY_MS;
  let running = false;

  const schedule = () => {
    if (timer || running || !cluster.isOpen) return;
    timer = setTimeout(() => void heal(), delay);
    timer.unref();
    delay = Math.min(delay * 2, LAST_RETRY_MS);
  };

  const heal = async () => {
    timer = undefined;
    if (!cluster.isOpen) return;
    running = true;
    try {
      const live = [...cluster.masters, ...cluster.replicas].find((node) => node.client?.isReady)?.client;
      if (live) await cluster._slots.rediscover(live);
      const whole = cluster.masters.length > 0 && cluster.masters.every((node) => node.client?.isReady);
      if (whole && (await stateOk(cluster))) {
        delay = FIRST_RETRY_MS;
        cluster.emit('ready');
        return;
      }
    } catch {
      // The layout could not be read now: asked again after the back-off.
    } finally {
      running = false;
    }
    schedule();
  };

  cluster.on('node-error', schedule);
  cluster.on('node-reconnecting', schedule);
}

async function stateOk(cluster: HealingCluster): Promise<boolean> {
  const master = cluster.masters.find((node) => node.client?.isReady)?.client;
  const info = master ? await master.sendCommand(['CLUSTER', 'INFO']) : '';
  return String(info).includes('cluster_state:ok');
}
