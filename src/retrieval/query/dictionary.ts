/**
 * CC-CEDICT turned around: English glosses → Simplified headwords, and pinyin syllables →
 * characters, read from the compact files `npm run build:dictionary` writes (cedict.en-zh.tsv,
 * pinyin-syllables.tsv). Read on the first English question, not at start-up, and kept as one
 * string searched by binary search: a few ms and ~6 MB, against ~0.6 s and ~80 MB for the
 * package's own data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DictionaryEntry {
  zh: string;
  /** Which sense of its CC-CEDICT entry the gloss came from: 0 is the usual meaning. */
  sense: number;
  /** A proper name's rendering (Taiyuan → 太原, Paris → 巴黎). */
  name: boolean;
}

/** A small key → value file (the syllable table). */
function readLines(file: string): Map<string, string> {
  const text = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
  const map = new Map<string, string>();
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const tab = text.indexOf('\t', start);
    if (tab > start && tab < end && text[start] !== '#') map.set(text.slice(start, tab), text.slice(tab + 1, end));
    start = end + 1;
  }
  return map;
}

/**
 * The gloss file kept as one string with its line starts: a key is found by binary search (the
 * file is sorted), so loading is one read and one scan, not 100k map entries.
 */
interface SortedLines {
  text: string;
  starts: Uint32Array;
}

let glosses: SortedLines | undefined;
let syllables: Map<string, string> | undefined;
const firstGlosses = new Map<string, string | undefined>();

function readSorted(file: string): SortedLines {
  const text = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
  const starts: number[] = [];
  for (let start = 0; start < text.length; ) {
    if (text[start] !== '#') starts.push(start);
    const end = text.indexOf('\n', start);
    start = end < 0 ? text.length : end + 1;
  }
  return { text, starts: Uint32Array.from(starts) };
}

function lineAt(lines: SortedLines, i: number): [string, string] {
  const start = lines.starts[i]!;
  let end = lines.text.indexOf('\n', start);
  if (end < 0) end = lines.text.length;
  const tab = lines.text.indexOf('\t', start);
  return [lines.text.slice(start, tab), lines.text.slice(tab + 1, end)];
}

function glossTable(): SortedLines {
  return (glosses ??= readSorted('./cedict.en-zh.tsv'));
}

/** Set once the dictionary has been read (for tests and cost reports). */
export function dictionaryLoaded(): boolean {
  return glosses !== undefined;
}

function parse(value: string): DictionaryEntry[] {
  return value.split(' ').map((item) => {
    const m = /^(\*?)(.+?)(?::(\d+))?$/.exec(item)!;
    return { zh: m[2]!, sense: m[3] ? Number(m[3]) : 0, name: m[1] === '*' };
  });
}

/** Headwords whose definitions include this English key (dictionaryKey form), best first. */
export function lookupEnglish(key: string): DictionaryEntry[] {
  const lines = glossTable();
  let lo = 0;
  let hi = lines.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [k, value] = lineAt(lines, mid);
    if (k === key) return parse(value);
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return [];
}

/**
 * The shortest gloss of a headword's usual meaning ("投资" → "investment"), for English lead
 * sentences; undefined when CC-CEDICT has no short gloss for it. One scan of the gloss file per
 * new headword (a few ms), remembered.
 */
export function firstGloss(zh: string): string | undefined {
  if (firstGlosses.has(zh)) return firstGlosses.get(zh);
  const { text } = glossTable();
  let best: { key: string; score: number } | undefined;
  for (let at = text.indexOf(zh); at >= 0; at = text.indexOf(zh, at + 1)) {
    // A whole item of a line's value: after the tab, a space or the name mark; before a space,
    // the sense mark, or the line's end.
    const before = text[at - 1];
    const after = text[at + zh.length];
    if (!(before === '\t' || before === ' ' || before === '*') || !(after === ' ' || after === ':' || after === '\n' || after === undefined)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const key = text.slice(lineStart, text.indexOf('\t', lineStart));
    const sense = after === ':' ? Number(/^:(\d+)/.exec(text.slice(at + zh.length, at + zh.length + 4))?.[1] ?? 0) : 0;
    // Prefer the first sense, then the shorter gloss.
    const score = sense * 100 + key.length;
    if (!best || score < best.score) best = { key, score };
  }
  firstGlosses.set(zh, best?.key);
  return best?.key;
}

let lexicon: Set<string> | undefined;

/** Whether CC-CEDICT's definitions use this word (lower case): English, or a name they mention. */
export function inLexicon(word: string): boolean {
  if (!lexicon) {
    const text = readFileSync(fileURLToPath(new URL('./english-lexicon.txt', import.meta.url)), 'utf8');
    lexicon = new Set(text.split('\n').filter((w) => w && !w.startsWith('#')));
  }
  return lexicon.has(word);
}

/** Syllables English spellings of names use (no interjections like "hm", "ng", "r"). */
function syllableTable(): Map<string, string> {
  if (!syllables) {
    syllables = readLines('./pinyin-syllables.tsv');
    for (const s of [...syllables.keys()]) if (!/^[a-z]+$/.test(s) || !/[aeiouv]/.test(s) || s === 'xx') syllables.delete(s);
  }
  return syllables;
}

/** Characters read as a toneless syllable ("hong" → 宏弘红洪…), as one string; "" if none. */
export function charactersFor(syllable: string): string {
  return syllableTable().get(syllable) ?? '';
}

export function isSyllable(s: string): boolean {
  return syllableTable().has(s);
}
