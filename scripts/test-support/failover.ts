import { type AwsProxy, awsProxy } from '../harness/aws-proxy';
import { motoEndpoint } from '../harness/moto';

/**
 * What the aws.ps and aws.sm failover tests share: a counting proxy in front of moto for every
 * test (a region is failed there), clients failing over to {@link replica}, closed after each
 * test, and the bound on calls to a failing primary.
 */

/** The replica region the clients fail over to. */
export const replica = 'us-west-2';
/** Few, short attempts, so that a failing region is left quickly. */
export const failoverAttempts = { maxAttempts: 2, timeoutMs: 1000 } as const;
/**
 * The most calls the primary region may get while `reads` reads, batched `batch` a call, fail
 * over: each batch call's attempts, and none once the region is judged down. Each attempt is
 * bounded by `timeoutMs`, so this also bounds how long a read waits for the replica.
 */
export const primaryCallsBound = (reads: number, batch: number) => failoverAttempts.maxAttempts * Math.ceil(reads / batch);

/** The proxy of the running test, and its clients. */
export interface FailoverFixture<Client, Options> {
  /** The proxy of the running test. */
  readonly front: AwsProxy;
  /** A client through the proxy failing over to the replica (probe interval 1 min), uncached. */
  failingOver(options?: Options): Client;
}

/**
 * Registers a proxy per test (`beforeEach` / `afterEach`) and returns the factory of clients
 * through it; `make` builds one client from its options.
 */
export function failoverFixture<Client extends { close(): Promise<void> }, Options extends object>(
  make: (options: Options) => Client,
  base: { region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
): FailoverFixture<Client, Options> {
  let front: AwsProxy | undefined;
  const clients: Client[] = [];
  beforeEach(async () => {
    front = await awsProxy(motoEndpoint());
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await front?.close();
  });
  return {
    get front() {
      if (!front) throw new Error('the failover proxy runs only inside a test');
      return front;
    },
    failingOver(options) {
      const client = make({
        endpoint: this.front.endpoint,
        ...base,
        ...failoverAttempts,
        cache: false,
        failoverRegions: [replica],
        failoverProbeInterval: '1m',
        ...options,
      } as unknown as Options);
      clients.push(client);
      return client;
    },
  };
}

/** Reads every name at once, each with the time it took. */
export function readAll(client: { get(path: string): Promise<unknown> }, names: readonly string[]): Promise<unknown[]> {
  return Promise.all(names.map((name) => client.get(name)));
}
