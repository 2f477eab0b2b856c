/**
 * A PDF page's positioned text pieces → lines: runs on one baseline form a line; a wide gap, or a
 * narrower one at a column edge other rows share, separates table cells. Pure: no PDF parsing here.
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

export const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

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

export const visibleChars = (pieces: TextPiece[]): number => pieces.reduce((sum, p) => sum + p.str.replace(/\s/g, '').length, 0);

