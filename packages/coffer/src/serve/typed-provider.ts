import type { Provider, RawSecret, SecretMetadata } from '@coffer/core';

/**
 * How `coffer serve` keeps what the agent answers through any cache: each value is stored as
 * one text, a marker and a JSON envelope holding the text (or the bytes in base64), whether it
 * is a list (an SSM `StringList`), and the backend's metadata (version, date, ARN, type). A
 * `decode: 'raw'` read gives it back whole, whatever the cache (memory, SQLite, Redis).
 */
const MARK = '\u0001';

/**
 * A read of a {@link typedProvider} client: the text or the bytes, whether it is a list, and
 * what the backend said about it.
 * @example
 * ```ts
 * const read: TypedRead = { text: 'a,b', list: true, metadata: { version: '3' } };
 * ```
 */
export type TypedRead = ({ readonly text: string; readonly list: boolean } | { readonly bytes: Uint8Array }) & {
  readonly metadata?: SecretMetadata;
};

interface Envelope {
  t?: string;
  b?: string;
  l?: 1;
  m?: SecretMetadata;
}

function wrap(raw: RawSecret | undefined | Error): RawSecret | undefined | Error {
  if (raw === undefined || raw instanceof Error) return raw;
  const { value, list, metadata, ...rest } = raw;
  const envelope: Envelope = typeof value === 'string' ? { t: value } : { b: Buffer.from(value).toString('base64') };
  if (list) envelope.l = 1;
  if (metadata !== undefined) envelope.m = metadata;
  // Everything else the provider said about the value (a lease, say) goes on unchanged.
  return { ...rest, ...(metadata === undefined ? {} : { metadata }), value: MARK + JSON.stringify(envelope) };
}

/**
 * Reads a value of a {@link typedProvider} client back into its parts.
 *
 * @example
 * ```ts
 * unwrap(await client.get('/app/hosts', { decode: 'raw' })); // { text: 'a,b', list: true }
 * ```
 */
export function unwrap(value: unknown): TypedRead {
  if (value instanceof Uint8Array) return { bytes: value };
  const text = String(value);
  if (!text.startsWith(MARK)) return { text, list: false };
  const envelope = JSON.parse(text.slice(1)) as Envelope;
  const metadata = envelope.m === undefined ? {} : { metadata: envelope.m };
  if (envelope.b !== undefined) return { bytes: new Uint8Array(Buffer.from(envelope.b, 'base64')), ...metadata };
  return { text: envelope.t ?? '', list: envelope.l === 1, ...metadata };
}

/**
 * Wraps a provider so that reads carry the list flag and the metadata in the value (see
 * {@link unwrap}). Only reads are wrapped; the scope gets `|serve` so that a shared cache never
 * mixes these values with those of ordinary clients.
 *
 * @example
 * ```ts
 * const client = createClient({ provider: typedProvider(awsPs()) });
 * unwrap(await client.get('/app/hosts', { decode: 'raw' })); // { text: 'a,b', list: true, metadata }
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
    typed.getMany = async (...args: Parameters<typeof getMany>) => (await getMany(...args)).map(wrap);
  }
  if (provider.get) {
    const get = provider.get.bind(provider);
    typed.get = async (...args: Parameters<typeof get>) => wrap(await get(...args));
  }
  for (const name of Object.keys(typed)) if (typed[name] === undefined) delete typed[name];
  return typed as unknown as Provider;
}
