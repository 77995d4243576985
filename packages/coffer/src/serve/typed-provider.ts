import type { Provider, RawSecret } from '@coffer/core';

/**
 * How `coffer serve` keeps the parameter type through the cache: every text value is stored
 * with a one-letter tag, `L` for a list (an SSM `StringList`) and `S` for any other text, so a
 * `decode: 'raw'` read tells a `StringList` from a `String`. Bytes are stored as they are.
 */
const LIST = 'L';
const TEXT = 'S';

function tag(raw: RawSecret | undefined | Error): RawSecret | undefined | Error {
  if (raw === undefined || raw instanceof Error || typeof raw.value !== 'string') return raw;
  const { list, ...rest } = raw;
  // Everything else the provider said about the value (a lease, say) goes on unchanged.
  return { ...rest, value: (list ? LIST : TEXT) + raw.value };
}

/**
 * Reads a value of a {@link typedProvider} client: the text and whether it is a list, or the bytes.
 *
 * @example
 * ```ts
 * untag('Sa,b'); // { text: 'a,b', list: false }
 * ```
 */
export function untag(value: unknown): { text: string; list: boolean } | { bytes: Uint8Array } {
  if (value instanceof Uint8Array) return { bytes: value };
  const text = String(value);
  return { text: text.slice(1), list: text.startsWith(LIST) };
}

/**
 * Wraps a provider so that reads carry the list flag in the value (see {@link untag}). Only
 * reads are wrapped; the scope gets `|serve` so that a shared cache never mixes tagged values
 * with those of ordinary clients.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: typedProvider(awsPs()) });
 * untag(await client.get('/app/hosts', { decode: 'raw' })); // { text: 'a,b', list: true }
 * ```
 */
export function typedProvider(provider: Provider): Provider {
  const typed: Record<string, unknown> = {
    name: provider.name,
    scope: `${provider.scope ?? ''}|serve`,
    options: provider.options,
    maxBatchSize: provider.maxBatchSize,
    normalize: provider.normalize?.bind(provider),
    exists: provider.exists?.bind(provider),
    close: provider.close?.bind(provider),
  };
  if (provider.getMany) {
    const getMany = provider.getMany.bind(provider);
    typed.getMany = async (...args: Parameters<typeof getMany>) => (await getMany(...args)).map(tag);
  }
  if (provider.get) {
    const get = provider.get.bind(provider);
    typed.get = async (...args: Parameters<typeof get>) => tag(await get(...args));
  }
  for (const name of Object.keys(typed)) if (typed[name] === undefined) delete typed[name];
  return typed as unknown as Provider;
}
