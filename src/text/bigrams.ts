/** Character-bigram sets, for telling near-identical texts apart (reprints, repeated leads). */

/** The distinct character bigrams of a text, whitespace ignored. */
export function bigramSet(text: string): Set<string> {
  const chars = [...text.replace(/\s+/g, '')];
  const set = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) set.add(chars[i]! + chars[i + 1]!);
  return set;
}

/** Share of the smaller set's bigrams found in the larger: 1 when one text contains the other. */
export function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared / small.size;
}

/**
 * The same bigrams as sorted numbers (two code points in one float64, exact), for comparing many
 * texts pairwise: a merge of two sorted arrays instead of string-keyed Set lookups. keyOverlap on
 * these equals overlap on bigramSet's sets.
 */
export function bigramKeys(text: string): Float64Array {
  const chars = [...text.replace(/\s+/g, '')].map((c) => c.codePointAt(0)!);
  const keys = new Float64Array(Math.max(0, chars.length - 1));
  for (let i = 0; i + 1 < chars.length; i++) keys[i] = chars[i]! * 0x110000 + chars[i + 1]!;
  keys.sort();
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[n - 1]) keys[n++] = keys[i]!;
  return keys.subarray(0, n);
}

/** overlap() for bigramKeys: share of the smaller key set found in the larger. */
export function keyOverlap(a: Float64Array, b: Float64Array): number {
  const small = Math.min(a.length, b.length);
  if (small === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / small;
}
