/**
 * Values shorter than this are not masked: masking `on` or `42` would blank every occurrence of
 * that common text in the output, and where the masks fall would give the value away.
 */
export const MIN_MASKED_LENGTH = 4;

/** JSON string escapes as encoders write them: `JSON.stringify`, with `\/`, and ASCII-only. */
function jsonEscapes(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  const ascii = escaped.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [escaped, escaped.replace(/\//g, '\\/'), ascii];
}

/** Whether a value is one coffer masks: long enough, and not only blanks. */
export const isMaskable = (value: string): boolean => value.length >= MIN_MASKED_LENGTH && value.trim() !== '';

/**
 * The texts to mask for some secret values: each value as it is and JSON-escaped, and each line
 * of a value of several lines (a program may print them one by one). Values shorter than
 * {@link MIN_MASKED_LENGTH} are left out; the longest come first.
 */
export function maskTexts(values: Iterable<string>): string[] {
  const texts = new Set<string>();
  for (const value of values) {
    if (!isMaskable(value)) continue;
    const lines = value.split(/\r?\n/).filter(isMaskable);
    for (const text of [value, ...jsonEscapes(value), ...(lines.length > 1 ? lines : [])]) texts.add(text);
  }
  return [...texts].sort((a, b) => b.length - a.length);
}
