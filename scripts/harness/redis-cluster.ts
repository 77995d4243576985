import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../test-support/server-process';
import { ping, redisServerOrReason } from './redis';

/**
 * A real Redis Cluster for the cache tests: three masters and one replica each, every node a
 * `redis-server --cluster-enabled yes` on 127.0.0.1, joined by `redis-cli --cluster create`.
 * Nodes time out after 1 s (`cluster-node-timeout`), so a killed master's replica takes over in
 * about two seconds. `setup` publishes `COFFER_TEST_REDIS_CLUSTER_URL`
 * (`redis+cluster://127.0.0.1:p1,…`), or `COFFER_TEST_REDIS_CLUSTER_SKIP` with the reason the
 * cluster tests skip; a test that kills nodes starts a cluster of its own with
 * {@link startRedisCluster}.
 */

const run = promisify(execFile);
const READY_TIMEOUT_MS = 30_000;
const NODE_TIMEOUT_MS = 1000;

/** One node of a test cluster. */
export interface ClusterNode {
  readonly port: number;
  readonly process: ChildProcess;
}

/** A running test cluster. */
export interface TestRedisCluster {
  /** `redis+cluster://` with every node as a seed. */
  readonly url: string;
  readonly nodes: readonly ClusterNode[];
  /** The ports of the nodes serving slots now, as the live nodes see it. */
  masterPorts(): Promise<number[]>;
  /** The port of the master serving `key`'s slot now. */
  masterOf(key: string): Promise<number | undefined>;
  /** Whether the master on `port` has a live replica, so that killing it fails over. */
  hasLiveReplica(port: number): Promise<boolean>;
  /** Kills a node with SIGKILL, as a crash would. */
  kill(port: number): Promise<void>;
  /** Resolves once every slot has a live master again and the cluster says it is ok. */
  healed(limitMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

function redisCli(server: string): string {
  const beside = join(dirname(server), 'redis-cli');
  return existsSync(beside) ? beside : 'redis-cli';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a six-node cluster; a string says why it could not. */
export async function startRedisCluster(): Promise<TestRedisCluster | string> {
  const found = redisServerOrReason();
  if ('reason' in found) return found.reason;
  const cli = redisCli(found.binary);
  const folder = mkdtempSync(join(tmpdir(), 'coffer-redis-cluster-'));
  const nodes: ClusterNode[] = [];
  const ask = async (port: number, ...args: string[]): Promise<string> => {
    const { stdout } = await run(cli, ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
    return stdout;
  };
  const live = () => nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);

  const stop = async () => {
    await Promise.all(
      nodes.map(async (node) => {
        if (node.process.exitCode !== null || node.process.signalCode !== null) return;
        const exited = new Promise((resolve) => node.process.once('exit', resolve));
        node.process.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(folder, { recursive: true, force: true });
  };

  const masterPorts = async (): Promise<number[]> => {
    for (const node of live()) {
      try {
        const lines = (await ask(node.port, 'cluster', 'nodes')).split('\n');
        // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slots…>
        return lines
          .map((line) => line.split(' '))
          .filter((fields) => {
            const flags = (fields[2] ?? '').split(',');
            return flags.includes('master') && !flags.some((flag) => flag.startsWith('fail')) && fields.length > 8;
          })
          .map((fields) => Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]))
          .filter((port) => port > 0);
      } catch {
        // try the next node
      }
    }
    return [];
  };

  const masterOf = async (key: string): Promise<number | undefined> => {
    const [node] = live();
    if (!node) return undefined;
    const slot = Number(await ask(node.port, 'cluster', 'keyslot', key));
    for (const line of (await ask(node.port, 'cluster', 'nodes')).split('\n')) {
      const fields = line.split(' ');
      if (!(fields[2] ?? '').split(',').includes('master') || (fields[2] ?? '').includes('fail')) continue;
      const owns = fields.slice(8).some((range) => {
        const [from, to = from] = range.split('-').map(Number);
        return from !== undefined && to !== undefined && slot >= from && slot <= to;
      });
      if (owns) return Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]);
    }
    return undefined;
  };

  const hasLiveReplica = async (port: number): Promise<boolean> => {
    const [node] = live();
    if (!node) return false;
    const lines = (await ask(node.port, 'cluster', 'nodes')).split('\n').map((line) => line.split(' '));
    const portOf = (fields: string[]) => Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]);
    const master = lines.find((fields) => portOf(fields) === port)?.[0];
    const alive = new Set(live().map((candidate) => candidate.port));
    return lines.some((fields) => fields[3] === master && !(fields[2] ?? '').includes('fail') && alive.has(portOf(fields)));
  };

  const clusterOk = async (): Promise<boolean> => {
    const running = live();
    if (running.length === 0) return false;
    for (const node of running) {
      const info = await ask(node.port, 'cluster', 'info').catch(() => '');
      if (!info.includes('cluster_state:ok')) return false;
    }
    // Every replica has its master's data, so that a kill fails over at once.
    for (const node of running) {
      const replication = await ask(node.port, 'info', 'replication').catch(() => '');
      if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
    }
    // Right after a kill the others still count the dead master in: ok only once a live one serves its slots.
    const masters = await masterPorts();
    const alive = new Set(running.map((node) => node.port));
    return masters.length === 3 && masters.every((port) => alive.has(port));
  };

  const healed = async (limitMs = READY_TIMEOUT_MS) => {
    for (const deadline = Date.now() + limitMs; Date.now() < deadline; await sleep(100)) if (await clusterOk()) return true;
    return false;
  };

  try {
    for (let i = 0; i < 6; i++) {
      const [port, bus] = [await freePort(), await freePort()];
      const args = [
        ...['--port', String(port), '--cluster-port', String(bus), '--bind', '127.0.0.1'],
        ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
        ...['--cluster-node-timeout', String(NODE_TIMEOUT_MS), '--cluster-replica-validity-factor', '0'],
        ...['--dir', folder, '--save', '', '--appendonly', 'no'],
      ];
      nodes.push({ port, process: spawn(found.binary, args, { stdio: 'ignore' }) });
    }
    for (const node of nodes) {
      for (let tries = 0; !(await ping(node.port)); tries++) {
        if (tries > 100) throw new Error(`cluster node on 127.0.0.1:${node.port} did not answer`);
        await sleep(50);
      }
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run(cli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 });
    if (!(await healed())) throw new Error('the cluster did not reach cluster_state:ok');
  } catch (error) {
    await stop();
    return `Redis Cluster did not start (${(error as Error).message.split('\n')[0]})`;
  }

  return {
    url: `redis+cluster://${nodes.map((node) => `127.0.0.1:${node.port}`).join(',')}`,
    nodes,
    masterPorts,
    masterOf,
    hasLiveReplica,
    async kill(port) {
      const node = nodes.find((candidate) => candidate.port === port);
      if (!node || node.process.exitCode !== null || node.process.signalCode !== null) return;
      const exited = new Promise((resolve) => node.process.once('exit', resolve));
      node.process.kill('SIGKILL');
      await exited;
    },
    healed,
    stop,
  };
}

let shared: TestRedisCluster | undefined;

export async function setup(): Promise<void> {
  if (process.env.COFFER_TEST_REDIS_CLUSTER_URL) return;
  const started = await startRedisCluster();
  if (typeof started === 'string') {
    process.env.COFFER_TEST_REDIS_CLUSTER_SKIP = started;
    console.log(`harness/redis-cluster: Redis Cluster tests will skip: ${started}`);
    return;
  }
  shared = started;
  process.env.COFFER_TEST_REDIS_CLUSTER_URL = started.url;
  // Teardown may run with a fresh copy of this module: it finds the nodes by these ids.
  process.env.COFFER_TEST_REDIS_CLUSTER_PIDS = started.nodes.map((node) => node.process.pid).join(',');
}

export async function teardown(): Promise<void> {
  const running = shared;
  shared = undefined;
  const pids = (process.env.COFFER_TEST_REDIS_CLUSTER_PIDS ?? '').split(',').map(Number);
  delete process.env.COFFER_TEST_REDIS_CLUSTER_PIDS;
  if (running) return running.stop();
  for (const pid of pids.filter((id) => id > 0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
