/**
 * Where the cleaned text came from in the original file. Cleaning only drops characters (front
 * matter, a news header, tags, furniture lines, OCR spaces, line breaks) and adds whitespace
 * between blocks; it never rewrites a visible character except HTML entities. So the map is made
 * by aligning the cleaned text's visible characters with the original's, in order, rather than by
 * threading offsets through every cleaning step: each step stays a plain string function, and a
 * new step cannot break the map.
 */
import { parse, TextNode, type Node } from 'node-html-parser';
import type { PageStart, SourceRun } from './types.js';

/** Visible characters of the original (whitespace left out) with their offsets in the decoded file. */
export interface VisibleText {
  chars: string;
  offsets: number[];
}

/** Whitespace (as \s), zero-width space and BOM: characters cleaning may drop or add. Checked by code, per character of every file. */
function invisible(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** A plain text file's visible characters from `from` on. */
export function plainVisibleText(file: string, from = 0): VisibleText {
  const kept: string[] = [];
  const offsets: number[] = [];
  for (let i = from; i < file.length; i++) {
    if (invisible(file.charCodeAt(i))) continue;
    kept.push(file[i]!);
    offsets.push(i);
  }
  return { chars: kept.join(''), offsets };
}

const entityCache = new Map<string, string>();

/** An entity (&amp;, &#24180;, &nbsp;) as the HTML parser decodes it. */
function decodeEntity(entity: string): string {
  let decoded = entityCache.get(entity);
  if (decoded === undefined) {
    decoded = new TextNode(entity, null).text;
    entityCache.set(entity, decoded);
  }
  return decoded;
}

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});?/giu;

/**
 * An HTML file's text characters from `from` on (the text nodes, entities decoded), each at the
 * offset where it is written in the file; a decoded entity points at its `&`.
 */
export function htmlVisibleText(file: string, from = 0): VisibleText {
  const root = parse(file.slice(from), { blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  let chars = '';
  const offsets: number[] = [];
  const push = (text: string, at: number) => {
    for (let u = 0; u < text.length; u++) {
      if (invisible(text.charCodeAt(u))) continue;
      chars += text[u];
      // Every code unit of a decoded entity points at its "&".
      offsets.push(at);
    }
  };
  const walk = (node: Node) => {
    if (node instanceof TextNode) {
      const raw = node.rawText;
      const base = from + node.range[0];
      let last = 0;
      for (const m of raw.matchAll(ENTITY)) {
        for (let i = last; i < m.index; i++) push(raw[i]!, base + i);
        push(decodeEntity(m[0]), base + m.index);
        last = m.index + m[0].length;
      }
      for (let i = last; i < raw.length; i++) push(raw[i]!, base + i);
      return;
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return { chars, offsets };
}

/** A stretch shorter than this is only accepted close to where the previous one ended. */
const SURE_MATCH = 6;
const NEAR = 200;

/**
 * For every character of `clean`, its offset in the original, or -1 when it has none there
 * (whitespace added between blocks). Greedy: each stretch of the cleaned text is found at or
 * after the end of the previous one, so removed lines in between are skipped.
 */
export function alignToSource(clean: string, source: VisibleText): Int32Array {
  const map = new Int32Array(clean.length).fill(-1);
  const positions: number[] = [];
  const kept: string[] = [];
  for (let i = 0; i < clean.length; i++) {
    if (invisible(clean.charCodeAt(i))) continue;
    kept.push(clean[i]!);
    positions.push(i);
  }
  const compact = kept.join('');
  const s = source.chars;
  let i = 0;
  let j = 0;
  while (i < compact.length) {
    let k = Math.min(16, compact.length - i);
    let at = s.indexOf(compact.slice(i, i + k), j);
    while (at < 0 && k > 1) {
      k = Math.ceil(k / 2);
      at = s.indexOf(compact.slice(i, i + k), j);
    }
    if (at < 0 || (k < SURE_MATCH && at - j > NEAR)) {
      i++; // a character the original does not have here: left without a place
      continue;
    }
    let n = 0;
    while (i + n < compact.length && at + n < s.length && compact[i + n] === s[at + n]) n++;
    for (let m = 0; m < n; m++) map[positions[i + m]!] = source.offsets[at + m]!;
    i += n;
    j = at + n;
  }
  return map;
}

/** 1-based line of every offset: the offsets where lines start, searched by bisection. */
export function lineStarts(file: string): number[] {
  const starts = [0];
  for (let i = file.indexOf('\n'); i >= 0; i = file.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The alignment as runs: consecutive cleaned characters at consecutive file offsets on one line.
 * Whitespace of the cleaned text joins a run when the file has the same character next.
 */
export function sourceRuns(clean: string, file: string, map: Int32Array): SourceRun[] {
  const starts = lineStarts(file);
  const runs: SourceRun[] = [];
  let run: SourceRun | undefined;
  for (let p = 0; p < clean.length; p++) {
    let f = map[p]!;
    if (f < 0 && run && clean[p] !== '\n') {
      const next = run[1] + run[2];
      if (file[next] === clean[p] && run[0] + run[2] === p) f = next; // the same space, kept in place
    }
    if (f < 0) continue;
    if (run && run[0] + run[2] === p && run[1] + run[2] === f && file[f] !== '\n') {
      run[2]++;
      continue;
    }
    run = [p, f, 1, lineAt(starts, f)];
    runs.push(run);
  }
  return runs;
}

/** Where a span of the cleaned text is in the original file. */
export interface FileLocation {
  /** Offsets in the decoded file: its characters fileStart..fileEnd hold the span. */
  fileStart: number;
  fileEnd: number;
  /** 1-based lines of the file, first and last. */
  lines: [number, number];
  /** First and last page, for paginated originals. */
  pages?: [number, number];
}

/** The location of cleaned text [start, end) in the file; undefined when no character of it has one. */
export function locate(runs: SourceRun[] | undefined, start: number, end: number, pages?: PageStart[]): FileLocation | undefined {
  if (!runs || runs.length === 0 || end <= start) return undefined;
  // First run that ends after `start`.
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid]!;
    if (r[0] + r[2] <= start) lo = mid + 1;
    else hi = mid;
  }
  const first = runs[lo];
  if (!first || first[0] >= end) return undefined;
  let last = first;
  for (let i = lo; i < runs.length && runs[i]![0] < end; i++) last = runs[i]!;
  const fileStart = first[1] + Math.max(0, start - first[0]);
  const fileEnd = last[1] + Math.min(last[2], end - last[0]);
  const location: FileLocation = { fileStart, fileEnd, lines: [first[3], last[3]] };
  const pageRange = pagesOf(pages, start, end);
  if (pageRange) location.pages = pageRange;
  return location;
}

/** First and last page of cleaned text [start, end). */
export function pagesOf(pages: PageStart[] | undefined, start: number, end: number): [number, number] | undefined {
  if (!pages || pages.length === 0) return undefined;
  const at = (offset: number) => {
    let page: number | undefined;
    for (const p of pages) {
      if (p.start > offset) break;
      page = p.page;
    }
    return page ?? pages[0]!.page;
  };
  return [at(start), at(Math.max(start, end - 1))];
}

/** Runs as stored: one flat list of numbers (four per run). */
export function flattenRuns(runs: SourceRun[]): number[] {
  return runs.flat();
}

export function unflattenRuns(flat: number[]): SourceRun[] {
  const runs: SourceRun[] = [];
  for (let i = 0; i + 3 < flat.length; i += 4) runs.push([flat[i]!, flat[i + 1]!, flat[i + 2]!, flat[i + 3]!]);
  return runs;
}

/** The source map of a cleaned text: `html` when the body is HTML; `bodyStart` where the body begins in the file. */
export function buildSourceMap(clean: string, file: string, bodyStart: number, html: boolean): SourceRun[] {
  const visible = html ? htmlVisibleText(file, bodyStart) : plainVisibleText(file, bodyStart);
  return sourceRuns(clean, file, alignToSource(clean, visible));
}
