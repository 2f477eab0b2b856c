/**
 * Page starts carried from the extracted text into the cleaned text. Cleaning drops furniture
 * lines, spaces inside Chinese and line breaks inside sentences, so offsets move; the first words
 * of each page are found again in the cleaned text, compared without whitespace, in page order.
 */

export type PageStarts = Array<{ start: number; page: number }>;

/**
 * Lengths of the text compared to find a page's beginning again, longest first: a page opening
 * with a short heading that recurs ("一、总体要求") is found by the words after it.
 */
const PROBE_CHARS = [40, 16, 8];

/** `text` without whitespace, and for each kept character its offset in `text`. */
function compact(text: string): { chars: string; offsets: number[] } {
  let chars = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i]!)) continue;
    chars += text[i];
    offsets.push(i);
  }
  return { chars, offsets };
}

/**
 * Where each page of `extracted` begins in `cleaned`. A page whose opening lines cleaning removed
 * is found by a later line of it; one found nowhere is left out, so its passages count to the
 * page before (never a later one). Where the opening words occur more than once (a paragraph
 * repeated in the document), the occurrence nearest the page's proportional position is taken:
 * cleaning removes little, so text stays near where it was. The first page found begins at 0:
 * text cleaned away before it was furniture.
 */
export function locatePages(extracted: string, pages: PageStarts, cleaned: string): PageStarts {
  const target = compact(cleaned);
  const source = compact(extracted);
  const scale = source.chars.length > 0 ? target.chars.length / source.chars.length : 1;
  const located: PageStarts = [];
  let from = 0;
  /** The occurrence of `probe` at or after `from` nearest `expected`, or -1. */
  const find = (probe: string, expected: number): number => {
    if (probe.length === 0) return -1;
    let best = -1;
    for (let at = target.chars.indexOf(probe, from); at >= 0; at = target.chars.indexOf(probe, at + 1)) {
      if (best >= 0 && Math.abs(at - expected) >= Math.abs(best - expected)) break;
      best = at;
    }
    return best;
  };
  pages.forEach(({ start, page }, i) => {
    const span = extracted.slice(start, pages[i + 1]?.start ?? extracted.length);
    const whole = compact(span).chars;
    const expected = firstAtOrAfter(source.offsets, start) * scale;
    // The page's opening words across its lines, then each line alone (cleaning may have dropped some).
    const probes = [...PROBE_CHARS.map((n) => whole.slice(0, n)), ...span.split('\n').map((line) => compact(line).chars.slice(0, PROBE_CHARS.at(-1)))];
    for (const probe of probes) {
      const at = find(probe, expected);
      if (at < 0) continue;
      from = at + 1;
      located.push({ start: located.length === 0 ? 0 : target.offsets[at]!, page });
      return;
    }
  });
  return located;
}

/** Index of the first entry of the ascending `offsets` that is at least `at`. */
function firstAtOrAfter(offsets: number[], at: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The page on which offset `at` lies (the last page starting at or before it). */
export function pageAt(pages: PageStarts, at: number): number | undefined {
  let found: number | undefined;
  for (const p of pages) {
    if (p.start > at) break;
    found = p.page;
  }
  return found;
}
