/**
 * A PDF's positioned text pieces → lines → paragraphs, with the offset where each page begins.
 * A PDF has no paragraphs, only glyph runs at coordinates: runs on one baseline form a line, and a
 * line joins the one before it unless the geometry says a paragraph ended there (a short line, a
 * larger gap, an indent, a change of font size, a numbered item). Page numbers and running
 * headers or footers repeated on most pages are furniture and dropped. Pure: no PDF parsing here.
 */
import { startsNumbered } from '../clean.js';
import { CELL_SEPARATOR, tableRow } from './table-row.js';

/** One run of text as a PDF parser reports it (pdf.js text content items). */
export interface TextPiece {
  str: string;
  /** Start of the baseline, in points from the page's bottom-left corner. */
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  /** The parser saw a line end after this piece. */
  hasEOL?: boolean;
  /** Not horizontal (rotated or skewed): a diagonal watermark, a stamp, a sideways table label. */
  slanted?: boolean;
}

export interface PageText {
  page: number;
  pieces: TextPiece[];
}

export interface Line {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** Runs set in columns (a table row): a paragraph of its own. */
  cells?: boolean;
}

export interface LaidOutText {
  /** Paragraphs separated by "\n". */
  text: string;
  /** Offset in `text` where each page with text begins. */
  pages: Array<{ start: number; page: number }>;
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** A page number as printed: "3", "- 3 -", "— 3 —", "第3页", "3/10", "Page 3 of 10". */
const PAGE_NUMBER = /^[-–—_·•\s]*(?:第?\s*\d{1,4}\s*[页頁]?(?:\s*[/／]\s*\d{1,4})?(?:\s*[页頁])?|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)[-–—_·•\s]*$/i;

/** A gap of this many ems between runs on one line separates table cells or tabbed columns. */
const CELL_GAP_EMS = 2;

/** A cell worth separating: two visible characters at least ("通  知" spread over a line is one word). */
const cellWorthy = (text: string) => text.replace(/\s/g, '').length >= 2;

/** A narrower gap still separates cells when the next run starts where cells start on other rows. */
const COLUMN_GAP_EMS = 0.8;
/** How far from a known column's left edge a cell may start (points). */
const COLUMN_SLACK = 1.5;

/** Left edges of cells, as a page's rows show them. */
type Columns = number[];

function joinPiece(line: Line, piece: TextPiece, spaced: boolean, columns: Columns): boolean {
  const gap = piece.x - line.right;
  const before = line.text.slice(-1);
  const after = piece.str.slice(0, 1);
  const cut = line.text.lastIndexOf(CELL_SEPARATOR);
  const lastCell = cut < 0 ? line.text : line.text.slice(cut + CELL_SEPARATOR.length);
  const em = Math.max(piece.size, line.size);
  const separate =
    (gap >= em * CELL_GAP_EMS || (gap >= em * COLUMN_GAP_EMS && columns.some((x) => Math.abs(x - piece.x) <= COLUMN_SLACK))) &&
    cellWorthy(lastCell) &&
    cellWorthy(piece.str) &&
    !(startsNumbered(lastCell) && [...lastCell].length <= 5);
  let glue = '';
  if (separate) {
    glue = CELL_SEPARATOR; // a table row: its cells must not run together ("120亿元2025年")
    line.cells = true;
  } else if (spaced || (gap > piece.size * 0.25 && !CJK.test(before) && !CJK.test(after))) {
    glue = ' '; // runs placed apart are separate words in Latin text; next to Chinese, cleaning drops it
  }
  line.text += glue + piece.str;
  line.right = Math.max(line.right, piece.x + piece.width);
  line.size = Math.max(line.size, piece.size);
  return separate;
}

function groupLines(pieces: TextPiece[], columns: Columns): { lines: Line[]; cellStarts: number[] } {
  const lines: Line[] = [];
  const cellStarts: number[] = [];
  let current: Line | undefined;
  let brokeAfter = false;
  let spaced = false;
  for (const piece of pieces) {
    if (piece.str.trim().length === 0) {
      spaced = piece.str.length > 0;
    } else {
      const sameLine =
        current !== undefined &&
        !brokeAfter &&
        Math.abs(piece.y - current.y) <= Math.max(piece.size, current.size) * 0.5 &&
        piece.x >= current.right - Math.max(piece.size, current.size);
      if (sameLine) {
        if (joinPiece(current!, piece, spaced, columns)) cellStarts.push(Math.round(piece.x));
      } else {
        current = { text: piece.str, x: piece.x, right: piece.x + piece.width, y: piece.y, size: piece.size };
        lines.push(current);
      }
      spaced = false;
    }
    // pdf.js marks a line end on the piece before it; an empty piece can carry it too.
    if (piece.hasEOL === true && current !== undefined && Math.abs(piece.y - current.y) <= current.size * 0.5) brokeAfter = true;
    else if (piece.str.trim().length > 0) brokeAfter = false;
  }
  return { lines, cellStarts };
}

/**
 * Pieces in content order → lines: a piece starts a new line when its baseline moves or it jumps
 * back. Space-only pieces (pdf.js inserts them for gaps) only mark a space: the gap is measured
 * from the last visible run. Table cells are found by wide gaps first; then, where two rows or
 * more agree on a column's left edge, a cell that nearly fills its column (a narrow gap) starting
 * at that edge is a cell too.
 */
export function linesOf(pieces: TextPiece[]): Line[] {
  let { lines, cellStarts } = groupLines(pieces, []);
  const counts = new Map<number, number>();
  for (const x of cellStarts) counts.set(x, (counts.get(x) ?? 0) + 1);
  const columns = [...counts].filter(([, n]) => n >= 2).map(([x]) => x);
  if (columns.length > 0) lines = groupLines(pieces, columns).lines;
  return lines
    .map((line) => {
      const text = line.text.replace(/\s+/g, ' ').trim();
      return { ...line, text: line.cells ? tableRow(text.split(CELL_SEPARATOR)) : text };
    })
    .filter((line) => line.text.length > 0);
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && best !== undefined && v < best)) [best, bestCount] = [v, c];
  return best;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

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

interface PageFrame {
  left: number;
  right: number;
  pitch: number | undefined;
}

function frameOf(lines: Line[]): PageFrame {
  const left = mostCommon(lines.map((l) => Math.round(l.x))) ?? 0;
  const rights = lines.map((l) => l.right).sort((a, b) => a - b);
  // The right margin is where most full lines end: the upper quartile is robust to one wide line.
  const right = rights[Math.floor(rights.length * 0.75)] ?? 0;
  const gaps = lines.slice(1).map((l, i) => lines[i]!.y - l.y).filter((g) => g > 0);
  return { left, right, pitch: median(gaps) };
}

/** Whether `line` ends its paragraph, given the line after it (on the same page or the next). */
function endsParagraph(line: Line, frame: PageFrame, next: Line, nextFrame: PageFrame, samePage: boolean): boolean {
  if (line.cells || next.cells) return true;
  if (Math.abs(line.size - next.size) > Math.max(line.size, next.size) * 0.1) return true;
  if (line.right < frame.right - line.size * 1.5) return true; // a short line: the paragraph ends here
  if (next.x > nextFrame.left + next.size * 0.8) return true; // the next line is indented: a new paragraph
  if (startsNumbered(next.text)) return true;
  if (samePage) {
    const gap = line.y - next.y;
    if (gap <= 0) return true; // a new column or a block placed elsewhere
    if (gap > Math.max(frame.pitch ?? 0, line.size * 1.2) * 1.5) return true; // a blank line between
  }
  return false;
}

/** Mostly Latin script (English), where lines wrap at spaces; Chinese lines wrap anywhere, numbers too. */
function latinText(text: string): boolean {
  const letters = text.replace(/[\s\p{P}\d]/gu, '');
  const cjk = [...letters].filter((c) => CJK.test(c)).length;
  return cjk < letters.length / 2;
}

function joinLines(before: string, after: string): string {
  const lineBefore = before.slice(before.lastIndexOf('\n') + 1);
  if (!latinText(lineBefore.slice(-40)) && !latinText(after.slice(0, 40))) return before + after;
  if (/[A-Za-z]-$/.test(before) && /^[a-z]/.test(after)) return before.slice(0, -1) + after; // a word hyphenated at the line end
  return `${before} ${after}`;
}

export const visibleChars = (pieces: TextPiece[]): number => pieces.reduce((sum, p) => sum + p.str.replace(/\s/g, '').length, 0);

/**
 * Slanted pieces on a page whose text is mostly horizontal are watermarks and stamps ("内部资料"
 * across the page), not content. A page whose text is mostly slanted (a page turned sideways by
 * its content) keeps it all.
 */
export function withoutWatermarks(pieces: TextPiece[]): TextPiece[] {
  const level = pieces.filter((p) => !p.slanted);
  return visibleChars(level) >= visibleChars(pieces) / 2 ? level : pieces;
}

/** Pages of pieces → paragraphs, and where each page begins in them (mid-paragraph when a sentence crosses pages). */
export function layOutPages(pages: PageText[]): LaidOutText {
  const lined = dropPageFurniture(pages.map((p) => linesOf(withoutWatermarks(p.pieces))));
  let text = '';
  const starts: Array<{ start: number; page: number }> = [];
  let previous: { line: Line; frame: PageFrame } | undefined;
  lined.forEach((lines, i) => {
    const frame = frameOf(lines);
    lines.forEach((line, j) => {
      if (j === 0) {
        const continues = previous !== undefined && !endsParagraph(previous.line, previous.frame, line, frame, false);
        if (!continues && text.length > 0) text += '\n';
        const joined = continues ? joinLines(text, line.text) : text + line.text;
        starts.push({ start: joined.length - line.text.length, page: pages[i]!.page });
        text = joined;
      } else {
        text = endsParagraph(previous!.line, previous!.frame, line, frame, true) ? `${text}\n${line.text}` : joinLines(text, line.text);
      }
      previous = { line, frame };
    });
  });
  return { text, pages: starts };
}
