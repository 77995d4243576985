/**
 * The closest of `candidates` to a mistyped `given` name, or `undefined` when none is close:
 * case and `-`/`_`/`.` differences are free, then at most one edit in four characters (at least
 * two), a swap of neighbours counting as one.
 *
 * @example
 * ```ts
 * closestName('regoin', ['region', 'endpoint']); // 'region'
 * closestName('keyPath', ['keypath', 'decode']); // 'keypath'
 * ```
 */
export function closestName(given: string, candidates: Iterable<string>): string | undefined {
  const wanted = fold(given);
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === given) continue;
    const distance = editDistance(wanted, fold(candidate));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * `` (did you mean 'x'?)`` for a mistyped name, or an empty string: ready to append to a message.
 *
 * @example
 * ```ts
 * `unknown option 'forcefetch'${didYouMean('forcefetch', ['forceFetch'])}`; // ... (did you mean 'forceFetch'?)
 * ```
 */
export function didYouMean(given: string, candidates: Iterable<string>): string {
  const closest = closestName(given, candidates);
  return closest === undefined ? '' : ` (did you mean '${closest}'?)`;
}

const fold = (name: string): string => name.toLowerCase().replace(/[-_.]/g, '');

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Number.POSITIVE_INFINITY;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (rows[i - 2]?.[j - 2] as number) + 1);
      row[j] = value;
    }
  }
  return rows[a.length]?.[b.length] as number;
}
