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
