/**
 * Names in English questions are usually pinyin (Hongsheng Yitong, Yangquan, Zhengda). A name is
 * spelled back into characters syllable by syllable (CC-CEDICT's readings), keeping only spellings
 * whose every character pair occurs in the index, so the documents decide which characters a name
 * has. Nothing is precomputed over the vocabulary: a question costs a few thousand index look-ups
 * per name, however large the index. Small misspellings (one letter) are tolerated when the exact
 * spelling finds nothing.
 */
import { pinyin } from 'pinyin-pro';
import type { LexicalIndex } from '../lexical-index.js';
import { charactersFor, isSyllable } from './dictionary.js';

/** Toneless pinyin of a Chinese word, syllables joined ("弘盛" → "hongsheng"). */
export function pinyinOf(word: string): string {
  return pinyin(word, { toneType: 'none', type: 'array', v: true }).join('').toLowerCase();
}

const LONGEST_SYLLABLE = 6;
/** Bounds on the search, far above what real names need, so a pathological input stays cheap. */
const MAX_SEGMENTATIONS = 8;
const MAX_PREFIXES = 4000;
/** More spellings than this and the name is too ambiguous to guess. */
const MAX_WORDS = 3;

/** Ways to read letters as pinyin syllables ("xian" → [xian], [xi, an]); none if they are not pinyin. */
export function syllabify(letters: string): string[][] {
  const out: string[][] = [];
  const walk = (at: number, acc: string[]) => {
    if (out.length >= MAX_SEGMENTATIONS) return;
    if (at === letters.length) {
      out.push(acc);
      return;
    }
    for (let len = Math.min(LONGEST_SYLLABLE, letters.length - at); len >= 1; len--) {
      const s = letters.slice(at, at + len);
      if (isSyllable(s)) walk(at + len, [...acc, s]);
    }
  };
  if (/^[a-z]+$/.test(letters)) walk(0, []);
  return out;
}

/** Character strings read as these syllables whose every adjacent pair occurs in the index. */
function chains(lexical: LexicalIndex, syllables: string[]): string[][] {
  let prefixes = [...charactersFor(syllables[0]!)].map((c) => [c]);
  for (const s of syllables.slice(1)) {
    const chars = [...charactersFor(s)];
    const next: string[][] = [];
    for (const p of prefixes) {
      const last = p[p.length - 1]!;
      for (const c of chars) if (lexical.hasBigram(last + c)) next.push([...p, c]);
      if (next.length > MAX_PREFIXES) return [];
    }
    prefixes = next;
  }
  return prefixes;
}

/**
 * The index's spellings of a name given as one or more pinyin tokens ("Hongsheng", "Yitong").
 * Each token is read on its own (syllables never straddle two tokens). Words of the index are
 * preferred; otherwise runs of characters whose every pair occurs (jieba may split or join a name).
 */
export function spellName(lexical: LexicalIndex, tokens: string[]): string[] {
  const { words, runs } = spellings(lexical, tokens);
  // A word of the index is the likelier name; a run of characters (智创 of 智创城) only if no word is.
  return words.length > 0 ? words : runs;
}

/** Spellings that are words of the index, and runs of characters whose every pair occurs. */
function spellings(lexical: LexicalIndex, tokens: string[]): { words: string[]; runs: string[] } {
  const perToken = tokens.map((t) => syllabify(t.toLowerCase()));
  if (perToken.some((s) => s.length === 0)) return { words: [], runs: [] };
  let readings: string[][] = [[]];
  for (const options of perToken) readings = readings.flatMap((r) => options.map((o) => [...r, ...o])).slice(0, MAX_SEGMENTATIONS);
  const words = new Set<string>();
  const runs = new Set<string>();
  for (const syllables of readings) {
    if (syllables.length < 2) continue;
    for (const chain of chains(lexical, syllables)) {
      const spelled = chain.join('');
      (lexical.hasWord(spelled) ? words : runs).add(spelled);
    }
  }
  return { words: [...words], runs: [...runs] };
}

/** Spellings one edit away (a letter dropped, added, changed or two swapped) that read as pinyin. */
export function nearSpellings(token: string): string[] {
  const t = token.toLowerCase();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = new Set<string>();
  for (let i = 0; i <= t.length; i++) {
    if (i < t.length) out.add(t.slice(0, i) + t.slice(i + 1));
    if (i + 1 < t.length) out.add(t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2));
    for (const c of letters) {
      out.add(t.slice(0, i) + c + t.slice(i));
      if (i < t.length) out.add(t.slice(0, i) + c + t.slice(i + 1));
    }
  }
  out.delete(t);
  return [...out].filter((v) => v.length >= 4 && syllabify(v).length > 0);
}

export interface NameMatch {
  /** The tokens as asked ("Hongsheng Yitong"). */
  spelled: string;
  from: number;
  to: number;
  words: string[];
  /** 0 for an exact pinyin spelling, 1 when a misspelt token was corrected. */
  edits: number;
}

/**
 * Names in a run of name-like tokens: longest spans first, each token used once; an ambiguous
 * spelling (more than a few words of the index) is not guessed. Tokens left over are then tried
 * one letter off, alone or with a neighbour, where `fuzzy` allows.
 */
export function matchNames(lexical: LexicalIndex, run: string[], fuzzy: boolean[] = run.map(() => true)): NameMatch[] {
  const matches: NameMatch[] = [];
  const covered = new Set<number>();
  const free = (i: number, j: number) => Array.from({ length: j - i }, (_, k) => i + k).every((k) => !covered.has(k));
  const accept = (i: number, j: number, words: string[], edits: number) => {
    matches.push({ spelled: run.slice(i, j).join(' '), from: i, to: j, words: words.slice(0, MAX_WORDS), edits });
    for (let k = i; k < j; k++) covered.add(k);
  };
  for (let len = run.length; len >= 1; len--) {
    for (let i = 0; i + len <= run.length; i++) {
      if (!free(i, i + len)) continue;
      const words = spellName(lexical, run.slice(i, i + len));
      if (words.length > 0 && words.length <= MAX_WORDS) accept(i, i + len, words, 0);
    }
  }
  // A neighbour matched on its own may belong with the misspelt token ("Hongshen Yitong"): a
  // two-token spelling replaces its single match.
  const single = (k: number) => matches.find((m) => m.from === k && m.to === k + 1);
  const joinable = (k: number) => k >= 0 && k < run.length && (!covered.has(k) || single(k) !== undefined);
  for (let i = 0; i < run.length; i++) {
    if (!fuzzy[i] || covered.has(i) || run[i]!.length < 4) continue;
    const variants = nearSpellings(run[i]!);
    const spans: Array<[number, number]> = [];
    if (joinable(i + 1)) spans.push([i, i + 2]);
    if (joinable(i - 1)) spans.push([i - 1, i + 1]);
    spans.push([i, i + 1]);
    for (const [from, to] of spans) {
      // Over all variants, words of the index outrank runs of characters: in a large index some
      // one-letter-off spelling chains characters together by chance (重审一同 for "Chongshen Yitong").
      const words = new Set<string>();
      const runs = new Set<string>();
      for (const v of variants) {
        const tokens = run.slice(from, to).map((t, k) => (from + k === i ? v : t));
        const found = spellings(lexical, tokens);
        found.words.forEach((w) => words.add(w));
        if (words.size === 0 && runs.size <= MAX_WORDS) found.runs.forEach((w) => runs.add(w));
        if (words.size > MAX_WORDS) break;
      }
      const found = words.size > 0 ? words : runs;
      if (found.size > 0 && found.size <= MAX_WORDS) {
        for (let k = from; k < to; k++) {
          const m = k === i ? undefined : single(k);
          if (m) matches.splice(matches.indexOf(m), 1);
        }
        accept(from, to, [...found], 1);
        break;
      }
    }
  }
  return matches.sort((a, b) => a.from - b.from);
}
