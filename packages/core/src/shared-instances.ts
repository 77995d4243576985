import type { CofferClient } from './client.js';
import { type ClientOptions, splitClientOptions } from './client-options.js';
import { createClient } from './create-client.js';
import { ValidationError } from './errors.js';
import type { ConfigureOptions, ProviderName, TypesOf } from './provider-types.js';
import { readOptions } from './read-options.js';
import { onProviderRegistered, providerFactory } from './registry.js';

const shared = new Map<string, CofferClient>();
const configured = new Map<string, Record<string, unknown>>();

// A provider registered again gets a new shared instance on next use; the old one is closed.
onProviderRegistered((name) => replace(name, undefined));

/** Puts `client` (or nothing) in place of a provider's shared instance, closing the one it had. */
function replace(provider: string, client: CofferClient | undefined): void {
  const existing = shared.get(provider);
  if (client === undefined) shared.delete(provider);
  else shared.set(provider, client);
  if (existing !== undefined && existing !== client) void existing.close().catch(() => undefined);
}

/**
 * The shared, lazily created instance of a provider: the one the top-level functions use.
 *
 * @example
 * ```ts
 * instance('aws.ps').stats();
 * ```
 */
export function instance<Name extends ProviderName>(provider: Name): CofferClient<TypesOf<Name>>;
export function instance(provider: string): CofferClient;
export function instance(provider: string): CofferClient {
  const existing = shared.get(provider);
  if (existing !== undefined) return existing;
  const created = build(provider, configured.get(provider) ?? {});
  shared.set(provider, created);
  return created;
}

function build(provider: string, options: Record<string, unknown>): CofferClient {
  const factory = providerFactory(provider);
  const { client, provider: providerOptions } = splitClientOptions(options as ClientOptions);
  return createClient({ ...client, provider: factory(providerOptions) });
}

/**
 * Sets the options of a provider's shared instance (the same options as its constructor) and
 * replaces that instance, dropping its cache. Without options, back to the defaults. Bad options
 * throw here, before any call, and leave the previous configuration in place.
 *
 * @example
 * ```ts
 * configure('aws.ps', { region: 'eu-west-1', assumeRole: { roleArn } });
 * ```
 */
export function configure<Name extends ProviderName>(provider: Name, options?: ConfigureOptions<Name>): void;
export function configure(provider: string, options: object = {}): void {
  if (typeof provider !== 'string' || provider === '') throw new ValidationError('provider name must be a non-empty string');
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new ValidationError('options must be an object', { provider });
  const copy: Record<string, unknown> = { ...readOptions(options, 'options', { provider }) };
  const created = build(provider, copy);
  configured.set(provider, copy);
  replace(provider, created);
}
