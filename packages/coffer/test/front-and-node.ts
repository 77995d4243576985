import { createServer } from 'node:http';
import { memoryCache, type Provider } from '@coffer/core';
import { serve, serveBackend, serveHandler } from 'coffer';

/** `coffer serve` and the same routes on Node's own HTTP server alone, over one provider. */
export interface FrontAndNode {
  /** The port of `coffer serve` (its HTTP front). */
  readonly front: number;
  /** The port of Node's server alone: what every answer of the front is compared with. */
  readonly node: number;
  close(): Promise<void>;
}

/** Starts both servers on free ports of 127.0.0.1, one provider behind both (the same versions and dates). */
export async function frontAndNode(provider: Provider, token: string): Promise<FrontAndNode> {
  const front = await serve({ port: 0, token, backends: { secrets: serveBackend(provider, { cache: memoryCache() }) } });
  const node = createServer(serveHandler({ secrets: serveBackend(provider, { cache: memoryCache() }) }, token));
  await new Promise<void>((done) => node.listen(0, '127.0.0.1', () => done()));
  return {
    front: front.port,
    node: (node.address() as { port: number }).port,
    async close() {
      await front.close();
      node.closeAllConnections();
      await new Promise((done) => node.close(done));
    },
  };
}
