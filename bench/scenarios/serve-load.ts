import { Agent, request } from 'node:http';
import { connect } from 'node:net';

/** What one load run measured. */
export interface LoadResult {
  readonly rps: number;
  readonly p99: number;
  /** The load generator's own CPU use over the run, in cores: near 1, it is what limits. */
  readonly generatorCores: number;
}

/** One GET through Node's `http` client, resolved with its latency in ms. */
export function timedGet(agent: Agent, port: number, path: string, token: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((done, failed) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { 'X-Aws-Parameters-Secrets-Token': token } }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 200
          ? done(Number(process.hrtime.bigint() - started) / 1e6)
          : failed(new Error(`status ${response.statusCode}`)),
      );
    });
    req.on('error', failed);
    req.end();
  });
}

function measured(total: number, latencies: number[], started: bigint, cpu: NodeJS.CpuUsage): LoadResult {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    rps: total / seconds,
    p99: latencies[Math.floor(latencies.length * 0.99)] as number,
    generatorCores: (used.user + used.system) / 1e6 / seconds,
  };
}

/**
 * Node's `http` client, as a Node program reads the agent: `total` requests, `concurrency` at a
 * time on kept-alive sockets. It costs more per request than the agent's whole answer, so with
 * the agent it is the generator that limits.
 */
export async function httpClientLoad(port: number, targets: readonly string[], token: string, total: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) latencies.push(await timedGet(agent, port, targets[next++ % targets.length] as string, token));
    }),
  );
  const result = measured(total, latencies, started, cpu);
  agent.destroy();
  return result;
}

/**
 * A lean generator that does not limit: `concurrency` raw kept-alive sockets, each with one
 * request in flight, written from ready bytes, answers framed by their `Content-Length`.
 */
export async function rawSocketLoad(port: number, targets: readonly string[], token: string, total: number, concurrency: number) {
  const requests = targets.map((target) =>
    Buffer.from(
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Aws-Parameters-Secrets-Token: ${token}\r\nConnection: keep-alive\r\n\r\n`,
    ),
  );
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const worker = () =>
    new Promise<void>((done, failed) => {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let buffer: Buffer = Buffer.alloc(0);
      let sent = 0n;
      const send = () => {
        if (next >= total) {
          socket.end();
          done();
          return;
        }
        sent = process.hrtime.bigint();
        socket.write(requests[next++ % requests.length] as Buffer);
      };
      socket.on('connect', send);
      socket.on('error', failed);
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buffer.toString('latin1', 0, end);
          if (!head.startsWith('HTTP/1.1 200')) return failed(new Error(head.slice(0, 40)));
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
          if (buffer.length < end + 4 + length) return;
          buffer = buffer.subarray(end + 4 + length);
          latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
          send();
        }
      });
    });
  await Promise.all(Array.from({ length: concurrency }, worker));
  return measured(total, latencies, started, cpu);
}
