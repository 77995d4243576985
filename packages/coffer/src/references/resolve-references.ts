import { type CofferClient, createClient, type GetOptions, instance, providerFactory, ValidationError, walkKeypath } from '@coffer/core';
import { isReference, parseReference, type Reference } from './parse-reference.js';

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

/**
 * What {@link resolveReferences} returns: every name of the input, each a string.
 *
 * @example
 * ```ts
 * const env: ResolvedReferences<{ DB_PASSWORD: string }> = { DB_PASSWORD: 'x' };
 * ```
 */
export type ResolvedReferences<T> = { readonly [K in keyof T]: string };

/** A value as an environment variable holds it: text as is, anything else as JSON. */
function asText(value: unknown, name: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) throw new ValidationError(`${name}: the secret is binary; a variable holds text`);
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** The key of one read: the same secret read the same way is read once. */
const readKey = (reference: Reference) =>
  JSON.stringify([reference.provider, reference.providerOptions, reference.path, reference.readOptions]);

/**
 * Resolves references in the syntax of helmfile's `vals` (`ref+vault://`, `ref+awsssm://`,
 * `ref+awssecrets://`, `ref+file://`) in one pass: every read is issued at once, so reads of
 * one AWS provider are batched (`GetParameters` by 10, `BatchGetSecretValue` by 20) and a secret
 * is read once however many keys are taken from it. Values that are not references are kept as
 * they are. A failure names the variable, never a value.
 *
 * @example
 * ```ts
 * const env = await resolveReferences({
 *   DB_PASSWORD: 'ref+vault://secret/app/db#/password',
 *   DB_USER: 'ref+vault://secret/app/db#/user', // the same secret: one read
 *   API_HOST: 'ref+awsssm:///prod/app/host',
 *   STRIPE_KEY: 'ref+awssecrets://prod/stripe#/key',
 * });
 * env.DB_PASSWORD; // string
 * ```
 */
export async function resolveReferences<const T extends Readonly<Record<string, string>>>(
  references: T,
  options: ResolveReferencesOptions = {},
): Promise<ResolvedReferences<T>> {
  if (references === null || typeof references !== 'object') throw new ValidationError('references must map names to references');
  const names = Object.keys(references);
  const seen = new WeakSet<object>();
  const parsed = new Map<string, Reference>();
  for (const name of names) {
    const text = references[name];
    if (typeof text !== 'string') throw new ValidationError(`${name}: a reference must be a string`);
    if (!isReference(text)) continue;
    try {
      parsed.set(name, parseReference(text, { baseDir: options.baseDir }));
    } catch (error) {
      throw named(error, name, seen);
    }
  }
  // Every provider is known, and every option checked, before any read.
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
    for (const [name, reference] of parsed) {
      try {
        clientOf(reference);
      } catch (error) {
        throw named(error, name, seen);
      }
    }
    const reads = new Map<string, Promise<unknown>>();
    for (const reference of parsed.values()) {
      const key = readKey(reference);
      if (!reads.has(key)) {
        // Read options come from the reference at run time; the provider's schema checks them.
        const read = clientOf(reference).get(reference.path, { ...reference.readOptions } as GetOptions);
        read.catch(() => undefined);
        reads.set(key, read);
      }
    }
    const values = await Promise.all(
      names.map(async (name) => {
        const reference = parsed.get(name);
        if (!reference) return references[name] as string;
        try {
          const value = await reads.get(readKey(reference));
          const where = { provider: reference.provider, path: reference.path };
          return asText(reference.keypath.length ? walkKeypath(value, reference.keypath, where) : value, name);
        } catch (error) {
          throw named(error, name, seen);
        }
      }),
    );
    return Object.fromEntries(names.map((name, index) => [name, values[index]])) as ResolvedReferences<T>;
  } finally {
    await Promise.all(made.map((client) => client.close().catch(() => undefined)));
  }
}

/**
 * Puts the variable's name in front of an error's message (names and paths only, never values).
 * An error shared by several variables (one read of one secret) is named after the first.
 */
function named(error: unknown, name: string, seen: WeakSet<object>): unknown {
  if (error instanceof Error && !seen.has(error)) {
    seen.add(error);
    error.message = `${name}: ${error.message}`;
  }
  return error;
}
