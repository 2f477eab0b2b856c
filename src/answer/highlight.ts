/**
 * A cited passage as plain text for a terminal: the sentences the answer quotes highlighted —
 * bold yellow on a TTY, 【…】 where escape codes would show as garbage (pipes, files) — and a
 * long passage cut on character boundaries around them.
 */
import { sourceLocation, sourceName, citationSource } from './format.js';
import type { Citation } from './types.js';

export type HighlightStyle = 'ansi' | 'brackets';

const STYLE: Record<HighlightStyle, [string, string]> = {
  ansi: ['\u001b[1;33m', '\u001b[0m'],
  brackets: ['【', '】'],
};

/** Where the quoted sentences are in `text`: sorted, overlaps merged. */
export function quotedRanges(text: string, quoted: string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const q of quoted) {
    if (!q) continue;
    for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length)) ranges.push([at, at + q.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** text[from, to) with the given ranges (offsets in `text`) marked in `style`. */
function mark(text: string, ranges: Array<[number, number]>, style: HighlightStyle, from = 0, to = text.length): string {
  const [open, close] = STYLE[style];
  let out = '';
  let pos = from;
  for (const [a, b] of ranges) {
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (end <= start) continue;
    out += text.slice(pos, start) + open + text.slice(start, end) + close;
    pos = end;
  }
  return out + text.slice(pos, to);
}

/** A quoted sentence marked in `style`. */
export function markQuoted(text: string, style: HighlightStyle): string {
  const [open, close] = STYLE[style];
  return `${open}${text}${close}`;
}

/** `text` with the quoted sentences marked in `style`. */
export function highlightQuoted(text: string, quoted: string[], style: HighlightStyle): string {
  return mark(text, quotedRanges(text, quoted), style);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Grapheme boundaries of `text` (UTF-16 offsets, 0 and text.length included). */
function boundaries(text: string): number[] {
  const out = [...graphemes.segment(text)].map((s) => s.index);
  out.push(text.length);
  return out;
}

/**
 * The part of `text` to show when it is longer than `max` characters (graphemes): [from, to) in
 * UTF-16 offsets, on character boundaries, starting a little before the first quoted sentence
 * so it stays in view.
 */
export function excerptRange(text: string, quoted: string[], max: number): [number, number] {
  const cuts = boundaries(text);
  const count = cuts.length - 1;
  if (count <= max) return [0, text.length];
  const focus = quotedRanges(text, quoted)[0]?.[0] ?? 0;
  const focusAt = Math.max(0, cuts.findIndex((b) => b >= focus));
  const first = Math.max(0, Math.min(focusAt - Math.floor(max / 5), count - max));
  return [cuts[first]!, cuts[first + max]!];
}

/** The passage (cut to `max` characters when given, "…" where it was cut), quoted sentences marked. */
export function highlightedExcerpt(text: string, quoted: string[], style: HighlightStyle, max?: number): string {
  const [from, to] = max ? excerptRange(text, quoted, max) : [0, text.length];
  return `${from > 0 ? '…' : ''}${mark(text, quotedRanges(text, quoted), style, from, to)}${to < text.length ? '…' : ''}`;
}

export interface PassageTextOptions {
  style: HighlightStyle;
  /** Longest passage shown, in characters (graphemes). */
  maxChars?: number;
  /** The knowledge folder as the reader knows it, for the location line. */
  folder?: string;
}

/** "[n] 《title》 · …", the location in the file, then the passage with its quoted sentences marked. */
export function citedPassageText(citation: Citation, options: PassageTextOptions): string {
  return [
    `[${citation.n}] ${sourceName(citationSource(citation))}`,
    sourceLocation(citation, options.folder),
    highlightedExcerpt(citation.passage.text, citation.quoted, options.style, options.maxChars),
  ]
    .filter(Boolean)
    .join('\n');
}

/** The style for a stream: escape codes only on a terminal that shows them. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): HighlightStyle {
  return stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb' ? 'ansi' : 'brackets';
}
