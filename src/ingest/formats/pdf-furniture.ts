/**
 * What a page prints besides its content: page numbers, running headers and footers repeated on
 * most pages, diagonal watermarks and stamps. Pure.
 */
import { visibleChars, type Line, type TextPiece } from './pdf-lines.js';

/** A page number as printed: "3", "- 3 -", "— 3 —", "第3页", "3/10", "Page 3 of 10". */
const PAGE_NUMBER = /^[-–—_·•\s]*(?:第?\s*\d{1,4}\s*[页頁]?(?:\s*[/／]\s*\d{1,4})?(?:\s*[页頁])?|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)[-–—_·•\s]*$/i;

const furnitureKey = (text: string) => text.replace(/\d+/g, '#').replace(/\s+/g, '');

/**
 * Page numbers at the top or bottom of a page, and a first or last line that recurs (numbers
 * aside) on at least 60% of the pages, two at least: running headers and footers, not content.
 */
export function dropPageFurniture(pages: Line[][]): Line[][] {
  const edges = (lines: Line[]) => {
    if (lines.length === 0) return [] as Line[];
    const top = lines.reduce((a, b) => (b.y > a.y ? b : a));
    const bottom = lines.reduce((a, b) => (b.y < a.y ? b : a));
    return top === bottom ? [top] : [top, bottom];
  };
  const repeated = new Set<string>();
  const withText = pages.filter((lines) => lines.length > 0);
  if (withText.length >= 2) {
    const seen = new Map<string, number>();
    for (const lines of withText) for (const key of new Set(edges(lines).map((l) => furnitureKey(l.text)))) seen.set(key, (seen.get(key) ?? 0) + 1);
    for (const [key, count] of seen) if (count >= Math.max(2, withText.length * 0.6)) repeated.add(key);
  }
  return pages.map((lines) => {
    const edge = new Set(edges(lines));
    return lines.filter((line) => !(edge.has(line) && (PAGE_NUMBER.test(line.text) || repeated.has(furnitureKey(line.text)))));
  });
}

/**
 * Slanted pieces on a page whose text is mostly horizontal are watermarks and stamps ("内部资料"
 * across the page), not content. A page whose text is mostly slanted (a page turned sideways by
 * its content) keeps it all.
 */
export function withoutWatermarks(pieces: TextPiece[]): TextPiece[] {
  const level = pieces.filter((p) => !p.slanted);
  return visibleChars(level) >= visibleChars(pieces) / 2 ? level : pieces;
}

