/** A piece of a text: literal text, or a reference to resolve in its place. */
export type TextPart = { readonly literal: string } | { readonly reference: string; readonly offset: number };

/** `{{ ref+scheme://... }}`: a reference inside a larger text. */
const EMBEDDED = /\{\{\s*(ref\+[^\s{}]+)\s*\}\}/g;

/** A bare `ref+scheme://` inside a larger text: meant as a reference, but not written as one. */
const BARE = /ref\+[a-z0-9]+:\/\//;

/**
 * Splits a text at its embedded references, `{{ ref+vault://secret/app/db#/password }}`: the
 * literal text between them and each reference with its offset in the text.
 *
 * @example
 * ```ts
 * splitEmbedded('postgres://app:{{ ref+awssecrets://prod/db#/password }}@db:5432/app');
 * // [{ literal: 'postgres://app:' }, { reference: 'ref+awssecrets://prod/db#/password', offset: 15 }, { literal: '@db:5432/app' }]
 * ```
 */
export function splitEmbedded(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(EMBEDDED)) {
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    parts.push({ reference: match[1] as string, offset: match.index });
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ literal: text.slice(last) });
  return parts;
}

/** Whether a literal piece holds a reference that is not wrapped in `{{ }}`. */
export const hasBareReference = (literal: string): boolean => BARE.test(literal);

/** The 1-based line of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
