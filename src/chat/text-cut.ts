/**
 * Cutting text for Telegram without breaking characters: Telegram counts UTF-16 code units, but a
 * cut inside a surrogate pair (emoji, rare Han characters) or a grapheme cluster (flags, ZWJ
 * families, combining marks) shows broken characters. Cuts happen on grapheme boundaries.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The largest grapheme boundary ≤ `at` (in UTF-16 code units); 0 if none. */
export function graphemeBoundaryAtOrBefore(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (at <= 0) return 0;
  // Only the neighbourhood matters: no grapheme cluster spans more than a few dozen code units.
  const from = Math.max(0, at - 64);
  let boundary = from;
  for (const { index } of graphemes.segment(text.slice(from, at + 64))) {
    if (from + index > at) break;
    boundary = from + index;
  }
  return boundary;
}

/** At most `maxUnits` UTF-16 code units of `text`, cut on a grapheme boundary. */
export function cutText(text: string, maxUnits: number): string {
  return text.slice(0, graphemeBoundaryAtOrBefore(text, maxUnits));
}

/** The first `count` graphemes of `text` (what a reader counts as characters). */
export function firstGraphemes(text: string, count: number): string {
  let n = 0;
  for (const { index } of graphemes.segment(text)) {
    if (n++ === count) return text.slice(0, index);
  }
  return text;
}
