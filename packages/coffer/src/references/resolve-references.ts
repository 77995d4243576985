import { ValidationError } from '@coffer/core';
import { hasBareReference, splitEmbedded, type TextPart } from './embedded-references.js';
import { isReference } from './parse-reference.js';
import { type LabelledReference, type ResolveReferencesOptions, readReferences } from './read-references.js';

export type { ResolveReferencesOptions } from './read-references.js';

/**
 * What {@link resolveReferences} returns: every name of the input, each a string.
 *
 * @example
 * ```ts
 * const env: ResolvedReferences<{ DB_PASSWORD: string }> = { DB_PASSWORD: 'x' };
 * ```
 */
export type ResolvedReferences<T> = { readonly [K in keyof T]: string };

/** Resolved variables, and the secret texts that went into them (what `coffer run` masks). */
export interface ResolvedWithSecrets {
  readonly values: Record<string, string>;
  readonly secrets: readonly string[];
}

/** A value's pieces: the whole value a reference, references embedded in text, or a literal. */
function partsOf(name: string, text: string): TextPart[] {
  if (isReference(text)) return [{ reference: text.trim(), offset: 0 }];
  const parts = splitEmbedded(text);
  for (const part of parts) {
    if ('literal' in part && hasBareReference(part.literal)) {
      throw new ValidationError(`${name}: a reference inside a value is written {{ ref+... }}`);
    }
  }
  return parts;
}

/**
 * Resolves every value of a map in one pass (see {@link resolveReferences}) and reports the
 * resolved secret texts as well, the literal text around them left out.
 */
export async function resolveWithSecrets(
  references: Readonly<Record<string, string>>,
  options: ResolveReferencesOptions = {},
): Promise<ResolvedWithSecrets> {
  if (references === null || typeof references !== 'object') throw new ValidationError('references must map names to references');
  const pieces: [string, TextPart[]][] = [];
  const wanted: LabelledReference[] = [];
  for (const [name, text] of Object.entries(references)) {
    if (typeof text !== 'string') throw new ValidationError(`${name}: a reference must be a string`);
    const parts = partsOf(name, text);
    for (const part of parts) if ('reference' in part) wanted.push({ label: name, text: part.reference });
    pieces.push([name, parts]);
  }
  const texts = await readReferences(wanted, options);
  let next = 0;
  const values: Record<string, string> = {};
  for (const [name, parts] of pieces) values[name] = parts.map((part) => ('literal' in part ? part.literal : texts[next++])).join('');
  return { values, secrets: texts };
}

/**
 * Resolves references in the syntax of helmfile's `vals` (`ref+vault://`, `ref+awsssm://`,
 * `ref+awssecrets://`, `ref+file://`) in one pass: every read is issued at once, so reads of
 * one AWS provider are batched (`GetParameters` by 10, `BatchGetSecretValue` by 20) and a secret
 * is read once however many keys are taken from it. A value may also hold references inside
 * text, written `{{ ref+... }}`; values without any are kept as they are. A failure names the
 * variable, never a value.
 *
 * @example
 * ```ts
 * const env = await resolveReferences({
 *   DB_PASSWORD: 'ref+vault://secret/app/db#/password',
 *   DB_USER: 'ref+vault://secret/app/db#/user', // the same secret: one read
 *   API_HOST: 'ref+awsssm:///prod/app/host',
 *   DB_URL: 'postgres://app:{{ ref+awssecrets://prod/db#/password }}@db:5432/app',
 * });
 * env.DB_PASSWORD; // string
 * ```
 */
export async function resolveReferences<const T extends Readonly<Record<string, string>>>(
  references: T,
  options: ResolveReferencesOptions = {},
): Promise<ResolvedReferences<T>> {
  return (await resolveWithSecrets(references, options)).values as ResolvedReferences<T>;
}
