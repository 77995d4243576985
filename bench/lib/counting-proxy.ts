import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy on 127.0.0.1 in front of the emulator that counts the requests reaching it. */
export interface CountingProxy {
  readonly endpoint: string;
  /** Requests since the last reset, in total and by operation (`X-Amz-Target`, such as `AmazonSSM.GetParameters`). */
  counts(): { total: number; byOperation: Record<string, number> };
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let total = 0;
  let byOperation: Record<string, number> = {};
  const server = createServer((incoming, outgoing) => {
    total++;
    const operation = String(incoming.headers['x-amz-target'] ?? `${incoming.method} ${incoming.url}`);
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
    const forward = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    // A failed upstream closes the client's socket, as the emulator itself would.
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts: () => ({ total, byOperation: { ...byOperation } }),
    reset: () => {
      total = 0;
      byOperation = {};
    },
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
