import { type CofferClient, createClient, type GetOptions, instance, providerFactory, ValidationError, walkKeypath } from '@coffer/core';
import { parseReference, type Reference } from './parse-reference.js';

/**
 * Options of {@link resolveReferences}.
 *
 * @example
 * ```ts
 * await resolveReferences(refs, { baseDir: __dirname });
 * ```
 */
export interface ResolveReferencesOptions {
  /**
   * The folder relative `ref+file://` paths are relative to.
   * @default process.cwd()
   */
  baseDir?: string;
  /**
   * The client to read with, for a provider and the options a reference gives it (`{}` when it
   * gives none). The CLI passes its own; by default a reference without options reads through
   * the provider's shared instance (as `get` does) and one with options through a client made
   * for the call and closed after it.
   */
  client?: (provider: string, options: Readonly<Record<string, unknown>>) => CofferClient;
}

/** One reference to read, and what its errors are named after (a variable, a template line). */
export interface LabelledReference {
  readonly label: string;
  readonly text: string;
}

/** A value as an environment variable holds it: text as is, anything else as JSON. */
function asText(value: unknown, label: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) throw new ValidationError(`${label}: the secret is binary; a variable holds text`);
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** The key of one read: the same secret read the same way is read once. */
const readKey = (reference: Reference) =>
  JSON.stringify([reference.provider, reference.providerOptions, reference.path, reference.readOptions]);

/**
 * Reads references in one pass: every reference is parsed and its client made before any read,
 * then every read is issued at once (so reads of one AWS provider are batched) and a secret is
 * read once however many keys are taken from it. Returns the text of each, in order. A failure
 * names the label, never a value.
 */
export async function readReferences(references: readonly LabelledReference[], options: ResolveReferencesOptions): Promise<string[]> {
  const seen = new WeakSet<object>();
  const parsed = references.map(({ label, text }) => {
    try {
      return parseReference(text, { baseDir: options.baseDir });
    } catch (error) {
      throw named(error, label, seen);
    }
  });
  const made: CofferClient[] = [];
  const clients = new Map<string, CofferClient>();
  const clientOf = (reference: Reference): CofferClient => {
    const key = JSON.stringify([reference.provider, reference.providerOptions]);
    let client = clients.get(key);
    if (!client) {
      if (options.client) client = options.client(reference.provider, reference.providerOptions);
      else if (Object.keys(reference.providerOptions).length === 0) client = instance(reference.provider);
      else {
        client = createClient({ provider: providerFactory(reference.provider)({ ...reference.providerOptions }) });
        made.push(client);
      }
      clients.set(key, client);
    }
    return client;
  };
  try {
    // Every provider is known, and every option checked, before any read.
    parsed.forEach((reference, index) => {
      try {
        clientOf(reference);
      } catch (error) {
        throw named(error, references[index]?.label ?? '', seen);
      }
    });
    const reads = new Map<string, Promise<unknown>>();
    for (const reference of parsed) {
      const key = readKey(reference);
      if (!reads.has(key)) {
        // Read options come from the reference at run time; the provider's schema checks them.
        const read = clientOf(reference).get(reference.path, { ...reference.readOptions } as GetOptions);
        read.catch(() => undefined);
        reads.set(key, read);
      }
    }
    return await Promise.all(
      parsed.map(async (reference, index) => {
        const label = references[index]?.label ?? '';
        try {
          const value = await reads.get(readKey(reference));
          const where = { provider: reference.provider, path: reference.path };
          return asText(reference.keypath.length ? walkKeypath(value, reference.keypath, where) : value, label);
        } catch (error) {
          throw named(error, label, seen);
        }
      }),
    );
  } finally {
    await Promise.all(made.map((client) => client.close().catch(() => undefined)));
  }
}

/**
 * Puts the label in front of an error's message (names and paths only, never values). An error
 * shared by several references (one read of one secret) is named after the first.
 */
function named(error: unknown, label: string, seen: WeakSet<object>): unknown {
  if (error instanceof Error && !seen.has(error)) {
    seen.add(error);
    if (!error.message.startsWith(`${label}: `)) error.message = `${label}: ${error.message}`;
  }
  return error;
}
