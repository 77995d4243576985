import type { Provider, RawSecret, ValueWithMetadata } from '@coffer/core';

/**
 * What a read of a {@link serveProvider} client gives `coffer serve`: the raw text (or bytes) and
 * what the backend said about it, as `get(path, { decode: 'raw', metadata: true })` returns it.
 *
 * @example
 * ```ts
 * const read: ServedRead = await client.get('/app/hosts', { decode: 'raw', metadata: true });
 * ```
 */
export type ServedRead = ValueWithMetadata<string | Uint8Array>;

/** The field an SSM parameter's type is in; a list with none gets `StringList`, as SSM says. */
const LIST_TYPE = 'StringList';

function marked(raw: RawSecret | undefined | Error): RawSecret | undefined | Error {
  if (raw === undefined || raw instanceof Error || !raw.list || raw.metadata?.fields?.Type !== undefined) return raw;
  const metadata = raw.metadata ?? {};
  return { ...raw, metadata: { ...metadata, fields: { ...metadata.fields, Type: LIST_TYPE } } };
}

/**
 * The provider behind a serve route. The core keeps each value's metadata with it in every
 * cache; the one thing a `decode: 'raw'` read loses is that a text is a list (an SSM
 * `StringList`), which the parameter route answers as `Type`: a list whose backend names no
 * type gets `Type: 'StringList'` in its metadata. The scope gets `|serve`, so that a shared
 * cache never mixes these entries with those of ordinary clients of the same provider.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: serveProvider(awsPs()) });
 * await client.get('/app/hosts', { decode: 'raw', metadata: true }); // { value: 'a,b', fields: { Type: 'StringList', … } }
 * ```
 */
export function serveProvider(provider: Provider): Provider {
  const served: Record<string, unknown> = {
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
    served.getMany = async (...args: Parameters<typeof getMany>) => (await getMany(...args)).map(marked);
  }
  if (provider.get) {
    const get = provider.get.bind(provider);
    served.get = async (...args: Parameters<typeof get>) => marked(await get(...args));
  }
  for (const name of Object.keys(served)) if (served[name] === undefined) delete served[name];
  return served as unknown as Provider;
}
