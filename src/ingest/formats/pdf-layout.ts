/**
 * A PDF's lines → paragraphs, with the offset where each page begins. A PDF has no paragraphs,
 * only lines at coordinates: a line joins the one before it unless the geometry says a paragraph
 * ended there (a short line, a larger gap, an indent, a change of font size, a numbered item, a
 * table row). Pure: no PDF parsing here.
 */
import { startsNumbered } from '../clean.js';
import { dropPageFurniture, withoutWatermarks } from './pdf-furniture.js';
import { CJK, linesOf, type Line, type PageText } from './pdf-lines.js';

export interface LaidOutText {
  /** Paragraphs separated by "\n". */
  text: string;
  /** Offset in `text` where each page with text begins. */
  pages: Array<{ start: number; page: number }>;
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
