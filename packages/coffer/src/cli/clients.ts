import {
  type CofferClient,
  createClient,
  type Duration,
  didYouMean,
  isCofferError,
  type Provider,
  type ProviderFactory,
  providerFactory,
  providerNames,
  type RuntimeProviderTypes,
} from '@coffer/core';
// @coffer/core loads the other built-in providers on first use; its list does not name gcp.sm yet,
// so the CLI registers it itself (google-auth-library still loads only when a token is needed).
import '@coffer/gcp-sm';
import { UsageError } from './errors.js';
import { write } from './io.js';

/** The global flags every command takes. */
export interface GlobalFlags {
  region?: string;
  endpoint?: string;
  roleArn?: string;
  /** Comma-separated failover regions (aws.ps, aws.sm). */
  failoverRegions?: string;
  file?: string;
  /** The Vault server (vault). */
  address?: string;
  /** The Vault namespace (vault). */
  namespace?: string;
  /** The Vault KV mount (vault). */
  mount?: string;
  cache?: string;
  ttl?: string;
  /** `false` with `--no-decrypt`. */
  decrypt?: boolean;
  json?: boolean;
  debug?: boolean;
  stats?: boolean;
}

/** A client with the provider it reads from (to see which read options that provider takes). */
export interface CliClient {
  readonly client: CofferClient<RuntimeProviderTypes>;
  readonly provider: Provider;
  /** The read options the flags ask for (`decrypt: false`), where the provider has them. */
  readonly readOptions: Record<string, unknown>;
  /** Counts the backend calls made through `provider` directly (not through `client`), for `--stats`. */
  readonly countApiCall: (count?: number) => void;
  /** How many calls `countApiCall` counted. */
  readonly directCalls: () => number;
}

const isAws = (provider: string) => provider.startsWith('aws.');
const BUILT_IN = ['aws.ps', 'aws.sm', 'aws.dynamodb', 'env', 'file', 'gcp.sm', 'vault'];

/**
 * The factory of a provider name. An unknown name is a usage error listing the names there are
 * (the built-in ones load only when used, so the registry alone would not show them).
 */
export function factoryOf(name: string): ProviderFactory<Record<string, unknown>> {
  try {
    return providerFactory(name);
  } catch (error) {
    if (!isCofferError(error, 'UNKNOWN_PROVIDER') || BUILT_IN.includes(name)) throw error;
    const known = [...new Set([...BUILT_IN, ...providerNames()])].sort();
    throw new UsageError(`unknown provider '${name}'${didYouMean(name, known)} (known: ${known.join(', ')})`);
  }
}

/**
 * The provider options the global flags stand for. With `strict` (one provider named on the
 * command line), a flag that does not apply to it is a usage error; for a config file's many
 * providers it applies to those it concerns.
 */
export function flagOptions(provider: string, flags: GlobalFlags, strict: boolean): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const apply = (flag: string, given: unknown, applies: boolean, set: () => void) => {
    if (given === undefined) return;
    if (applies) set();
    else if (strict) throw new UsageError(`${flag} does not apply to the ${provider} provider`);
  };
  apply('--region', flags.region, isAws(provider), () => {
    options.region = flags.region;
  });
  apply('--endpoint', flags.endpoint, isAws(provider) || provider === 'gcp.sm', () => {
    options.endpoint = flags.endpoint;
  });
  apply('--role-arn', flags.roleArn, isAws(provider), () => {
    options.assumeRole = { roleArn: flags.roleArn };
  });
  apply('--failover-regions', flags.failoverRegions, provider === 'aws.ps' || provider === 'aws.sm', () => {
    options.failoverRegions = flags.failoverRegions?.split(',').flatMap((region) => (region.trim() ? [region.trim()] : []));
  });
  apply('--file', flags.file, provider === 'file', () => {
    options.file = flags.file;
  });
  for (const flag of ['address', 'namespace', 'mount'] as const) {
    apply(`--${flag}`, flags[flag], provider === 'vault', () => {
      options[flag] = flags[flag];
    });
  }
  return options;
}

/**
 * The clients of one CLI run, one per provider and option set, closed together at the end.
 */
export class ClientPool {
  readonly #clients = new Map<string, CliClient>();
  readonly #flags: GlobalFlags;
  readonly #strict: boolean;

  constructor(flags: GlobalFlags, strict: boolean) {
    this.#flags = flags;
    this.#strict = strict;
  }

  /** The client of a provider with the given options (global flags applied on top). */
  get(name: string, options: Record<string, unknown> = {}): CliClient {
    const merged = { ...options, ...flagOptions(name, this.#flags, this.#strict) };
    const key = `${name}\u0000${JSON.stringify(merged)}`;
    const existing = this.#clients.get(key);
    if (existing) return existing;
    const provider = factoryOf(name)(merged);
    const ttl = this.#flags.ttl as Duration | undefined;
    const client = createClient({ provider, ...(ttl === undefined ? {} : { ttl }) }) as CofferClient<RuntimeProviderTypes>;
    const readOptions: Record<string, unknown> = {};
    if (this.#flags.decrypt === false) {
      if (provider.options?.get?.decrypt) readOptions.decrypt = false;
      else if (this.#strict) throw new UsageError(`--no-decrypt does not apply to the ${name} provider`);
    }
    let direct = 0;
    const made = {
      client,
      provider,
      readOptions,
      countApiCall: (count = 1) => {
        direct += count;
      },
      directCalls: () => direct,
    };
    this.#clients.set(key, made);
    return made;
  }

  /** Prints the counters with `--stats`, then closes every client (and the caches they opened). */
  async close(stderr: NodeJS.WritableStream): Promise<void> {
    for (const made of this.#clients.values()) {
      if (!this.#flags.stats) continue;
      const { client } = made;
      const { hits, misses, stale, apiCalls: throughClient, cache } = client.stats();
      const apiCalls = throughClient + made.directCalls();
      await write(
        stderr,
        `coffer: ${client.providerName} stats: hits=${hits} misses=${misses} stale=${stale} apiCalls=${apiCalls} cache=${cache}\n`,
      );
    }
    await Promise.all([...this.#clients.values()].map(({ client }) => client.close().catch(() => undefined)));
    this.#clients.clear();
  }
}
