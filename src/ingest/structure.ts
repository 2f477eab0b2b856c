/**
 * Document structure: which cleaned paragraphs are headings, at what level, and where every block
 * sits in the cleaned text. Chinese official documents number their headings 一、 / (一) / 1.;
 * news features use short unpunctuated lines; Markdown uses #.
 */
import { endsSentence } from './clean.js';

export interface Block {
  kind: 'heading' | 'paragraph';
  /** Heading level (1 = outermost); 0 for paragraphs. */
  level: number;
  text: string;
  start: number;
  end: number;
  /** A byline or credit line: kept as a passage of its own rather than merged into the text before it. */
  standalone?: boolean;
}

export interface StructuredText {
  /** Cleaned display text: blocks joined by newlines. */
  text: string;
  blocks: Block[];
}

const LEVEL_PATTERNS: Array<[RegExp, number]> = [
  [/^第[一二三四五六七八九十百]+[章篇部分]/, 1],
  [/^[一二三四五六七八九十百]+[、.．]/, 1],
  [/^第[一二三四五六七八九十百]+节/, 2],
  [/^[（(][一二三四五六七八九十百]+[)）]/, 2],
  [/^\d{1,2}[.．、](?!\d)/, 3],
  [/^[（(]\d{1,2}[)）]/, 4],
];

/** A table-of-contents entry: a short line ending in a page number ("(一)发展现状 1"). */
const TOC_ENTRY = /^.{2,45}\D\s*\d{1,3}$/u;

const MAX_HEADING_CHARS = 40;

/** "作者:…", "记者 …", "文 |…", "来源：…" — who wrote or published the text. */
export const BYLINE = /^(作者|作\s*者|記者|记者|通讯员|通訊員|文|来源|來源|编辑|編輯|撰稿|执笔|執筆)\s*[:：|｜]/;

function headingLevel(line: string, isMarkdown: boolean): number {
  const md = /^(#{1,6})\s*(?=[^#\s])/.exec(line); // OCR-space removal may have eaten the space after #
  if (isMarkdown && md) return md[1]!.length;
  const length = [...line].length;
  if (BYLINE.test(line)) return 0;
  if (length > MAX_HEADING_CHARS || endsSentence(line)) return 0;
  for (const [pattern, level] of LEVEL_PATTERNS) {
    if (pattern.test(line)) return level;
  }
  // An unnumbered line is a heading when it is short, unpunctuated and not a list item or credit.
  if (length < 4 || length > 36) return 0;
  if (/[，,；;。|｜]/.test(line) || /^[-*•∙◆【\[]/.test(line) || /^\d/.test(line)) return 0;
  return 1;
}

export function structure(paragraphs: string[], isMarkdown = false): StructuredText {
  const blocks: Block[] = [];
  let text = '';
  let inToc = false;
  for (const raw of paragraphs) {
    let line = raw;
    if (/^目\s*录$|^目\s*錄$|^contents$/i.test(line.trim())) {
      inToc = true; // the table of contents only repeats the headings; it is navigation, not content
      continue;
    }
    if (inToc) {
      if (TOC_ENTRY.test(line)) continue;
      inToc = false;
    }
    let level = headingLevel(line, isMarkdown);
    if (isMarkdown) line = line.replace(/^#{1,6}\s*/, '');
    if (level === 0 && isMarkdown && /^#{1,6}\s*\S/.test(raw)) level = 1;
    if (text.length > 0) text += '\n';
    const start = text.length;
    text += line;
    const block: Block = { kind: level > 0 ? 'heading' : 'paragraph', level, text: line, start, end: text.length };
    if (level === 0 && BYLINE.test(line)) block.standalone = true;
    blocks.push(block);
  }
  return { text, blocks };
}
