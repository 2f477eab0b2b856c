/**
 * What an English question asks about, in the documents' Chinese. In order of trust: figures and
 * units (exact conversions), the policy glossary, CC-CEDICT renderings the documents actually use,
 * and names spelled in pinyin matched to the documents' own characters. Search appends these terms
 * to the query; the evidence check counts how many of them a passage mentions.
 */
import { normalizeForIndex } from '../../text/normalize.js';
import type { LexicalIndex } from '../lexical-index.js';
import { wordTokens } from '../tokenize.js';
import { inLexicon, lookupEnglish, type DictionaryEntry } from './dictionary.js';
import { baseForms, dictionaryKey, isFramingWord } from './english-words.js';
import { figuresInQuestion } from './english-figures.js';
import { readEnglishQuestion } from './glossary.js';
import { matchNames, syllabify } from './pinyin-names.js';

export interface EnglishConcept {
  /** The question's words this concept was read from. */
  english: string;
  /** Chinese renderings; a passage containing any of them mentions the concept. */
  terms: string[];
  /** A proper name (matched by pinyin): what the question is about, not how it asks. */
  name?: boolean;
  /** Where the renderings come from. */
  source?: 'figure' | 'glossary' | 'dictionary' | 'pinyin';
}

export interface EnglishReading {
  concepts: EnglishConcept[];
  /** Names found neither in the glossary, nor the dictionary, nor, by pinyin, in the documents. */
  unresolved: string[];
}

/** Longest dictionary phrase tried, in words. */
const MAX_PHRASE = 4;
/** Renderings kept per dictionary concept for the evidence check: the documents' usual word and a variant or two. */
const TERMS_PER_CONCEPT = 3;
/**
 * Renderings of a dictionary concept that are searched (the evidence check counts them all): BM25
 * credits every synonym a passage has, so 企业 + 公司 + 生产 + 产量 outweighed the one rare word that
 * mattered (气凝胶) on a 5,000-document index.
 */
const SEARCHED_RENDERINGS = 1;
/** How much a later sense counts against a rendering, in IDF units (e ≈ 2.7× fewer passages). */
const SENSE_PENALTY = 1;
/** Senses beyond this are rare meanings (投资 is "to invest" in its second sense; fine, a fifth is not). */
const MAX_SENSE = 2;

/** A concept and where its words are in the question. */
type Located = EnglishConcept & { start: number; end: number };

const tokenEnd = (t: Token) => t.start + t.text.length;

interface Token {
  text: string;
  lower: string;
  start: number;
  /** Index of the clause (commas, question marks… end one); phrases and names never cross them. */
  clause: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|[A-Za-z]|[,;:!?()"“”/]|\.(?=\s|$)/g)) {
    if (/^[,;:!?()"“”/.]$/.test(m[0])) {
      clause++;
      continue;
    }
    const word = m[0].replace(/['’]s$/i, '');
    tokens.push({ text: word, lower: dictionaryKey(word), start: m.index, clause });
  }
  return tokens;
}

/** Does a rendering occur in the documents? A word of the index, or a longer run all of whose bigrams do. */
function inDocuments(lexical: LexicalIndex, zh: string): boolean {
  const n = normalizeForIndex(zh);
  if (lexical.hasWord(n)) return true;
  const chars = [...n];
  if (chars.length < 3 || !/^\p{Script=Han}+$/u.test(n)) return false;
  for (let i = 0; i + 1 < chars.length; i++) if (!lexical.hasBigram(chars[i]! + chars[i + 1]!)) return false;
  return wordTokens(n).every((w) => lexical.hasWord(w));
}

/**
 * The dictionary renderings of an English key the documents use, best first. Single characters
 * only when no longer word is found: as substrings they match far too much.
 */
function renderings(lexical: LexicalIndex, entries: DictionaryEntry[]): DictionaryEntry[] {
  const usable = entries
    .filter((e) => e.sense <= MAX_SENSE)
    .flatMap((e) => {
      if (inDocuments(lexical, e.zh)) return [e];
      // Documents often drop a field's suffix: 合成生物学 (synthetic biology) is 合成生物 there.
      const stem = [...e.zh].slice(0, -1).join('');
      return [...e.zh].length >= 4 && inDocuments(lexical, stem) ? [{ ...e, zh: stem }] : [];
    });
  const words = usable.filter((e) => [...e.zh].length >= 2);
  const chosen = words.length > 0 ? words : usable.filter((e) => e.sense === 0 && !e.name);
  // The documents' usual word first: among renderings of the word's usual senses, the more passages
  // use one the likelier it is what an English speaker means ("leader": 领导, not 片头, film leader).
  const rank = (e: DictionaryEntry) => lexical.wordIdf(normalizeForIndex(e.zh)) + SENSE_PENALTY * e.sense;
  return chosen
    .map((e) => ({ e, r: rank(e) }))
    .sort((a, b) => a.r - b.r)
    .slice(0, TERMS_PER_CONCEPT)
    .map(({ e }) => e);
}

/**
 * Dictionary entries for a run of words and the renderings the documents use, the last word also
 * in its base forms ("pilot zones" → "pilot zone"): the first form with renderings wins.
 */
function lookupPhrase(lexical: LexicalIndex, words: string[]): { entries: DictionaryEntry[]; found: DictionaryEntry[] } {
  const head = words.slice(0, -1).join(' ');
  let first: DictionaryEntry[] = [];
  for (const form of baseForms(words[words.length - 1]!)) {
    const entries = lookupEnglish(head ? `${head} ${form}` : form);
    const found = renderings(lexical, entries);
    if (found.length > 0) return { entries, found };
    if (first.length === 0) first = entries;
  }
  return { entries: first, found: [] };
}

const capitalised = (t: Token) => /^[A-Z]/.test(t.text);

/** A word the dictionary could not render: maybe a name in pinyin. */
interface NameCandidate {
  token: Token;
  /** Position in the question's tokens (runs of adjacent candidates make one name). */
  index: number;
  /** An English word (the dictionary or its definitions know it): no typo guessing. */
  english: boolean;
  /** A name CC-CEDICT knows (Paris): unresolved if the documents lack it. */
  knownName: boolean;
}

export function readEnglish(question: string, lexical: LexicalIndex): EnglishReading {
  if (!/[A-Za-z]{2,}/.test(question)) return { concepts: [], unresolved: [] };
  // Brand names run words together (JinkoSolar): read them as the words they are (Jinko Solar).
  question = question.replace(/(?<=\b[A-Z]?[a-z]{2,})(?=[A-Z][a-z]{2,})/g, ' ');
  const { concepts, rest } = readFiguresAndGlossary(question);
  const tokens = tokenize(rest);
  const candidates = readDictionary(lexical, tokens, concepts);
  const unresolved = readNames(lexical, candidates, concepts);
  for (const c of concepts) if (c.name) joinHeadNoun(lexical, question, c, concepts);
  return { concepts: concepts.map(({ start: _s, end: _e, ...c }) => c), unresolved };
}

/** Figures and units (exact), years, then the policy glossary; `rest` has what they read blanked. */
function readFiguresAndGlossary(question: string): { concepts: Located[]; rest: string } {
  const concepts: Located[] = [];
  let rest = question;
  for (const f of figuresInQuestion(question)) {
    concepts.push({ english: f.english, terms: f.terms, source: 'figure', start: f.start, end: f.end });
    rest = rest.slice(0, f.start) + ' '.repeat(f.end - f.start) + rest.slice(f.end);
  }
  // A year ("in 2023") is part of what is asked, as in Chinese questions: a figure for another year
  // does not answer it. Ranges ("2016-2020") are left alone: documents name periods differently.
  for (const m of rest.matchAll(/(?<![\d.,–—-])(?:19|20)\d{2}(?![\d.,]?\d|\s*[–—-]\s*\d)/g)) {
    concepts.push({ english: m[0], terms: [m[0]], source: 'figure', start: m.index, end: m.index + m[0].length });
  }
  const glossary = readEnglishQuestion(rest);
  for (const m of glossary.matches) concepts.push({ english: m.english, terms: m.terms, source: 'glossary', start: m.start, end: m.start + m.english.length });
  return { concepts, rest: glossary.rest };
}

/** CC-CEDICT renderings the documents use, longest phrase first; returns the words left as possible names. */
function readDictionary(lexical: LexicalIndex, tokens: Token[], concepts: Located[]): NameCandidate[] {
  const candidates: NameCandidate[] = [];
  const add = (span: Token[], found: DictionaryEntry[]) =>
    concepts.push({ english: span.map((t) => t.text).join(' '), terms: found.map((e) => e.zh), source: 'dictionary', start: span[0]!.start, end: tokenEnd(span[span.length - 1]!) });
  for (let i = 0; i < tokens.length; ) {
    let taken = 0;
    for (let len = Math.min(MAX_PHRASE, tokens.length - i); len >= 2 && !taken; len--) {
      const span = tokens.slice(i, i + len);
      if (span.some((t) => t.clause !== span[0]!.clause || /\d/.test(t.lower))) continue;
      // A phrase may end in a particle ("set up") but not start with a framing word.
      if (isFramingWord(span[0]!.lower)) continue;
      const { found } = lookupPhrase(lexical, span.map((t) => t.lower));
      if (found.length > 0) {
        add(span, found);
        taken = len;
      }
    }
    if (taken) {
      i += taken;
      continue;
    }
    const token = tokens[i]!;
    i++;
    if (isFramingWord(token.lower) || /^\d/.test(token.lower) || token.lower.length < 2) continue;
    const { entries, found } = lookupPhrase(lexical, [token.lower]);
    if (found.length > 0) {
      add([token], found);
      continue;
    }
    // An English word the documents have no rendering of says nothing; a name may still be pinyin.
    const english = entries.some((e) => !e.name && e.sense === 0) || baseForms(token.lower).some(inLexicon);
    const usual = entries.filter((e) => e.sense === 0);
    const knownName = usual.length > 0 && usual.every((e) => e.name);
    const pinyinLike = syllabify(token.lower.replace(/[^a-z]/g, '')).length > 0;
    if (capitalised(token) || (!english && pinyinLike)) candidates.push({ token, english, knownName, index: i - 1 });
  }
  return candidates;
}

/** Runs of adjacent candidates spelled back into the documents' characters; returns the names they lack. */
function readNames(lexical: LexicalIndex, candidates: NameCandidate[], concepts: Located[]): string[] {
  const unresolved: string[] = [];
  const runs: NameCandidate[][] = [];
  for (const n of candidates) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && prev.index === n.index - 1 && prev.token.clause === n.token.clause) run.push(n);
    else runs.push([n]);
  }
  for (const run of runs) {
    const words = run.map((n) => n.token.text.replace(/[^A-Za-z]/g, ''));
    // Misspellings are only guessed for capitalised non-English words: "Hongshen" is a name, "hongshen"
    // or "June" more likely not.
    const matches = matchNames(lexical, words, run.map((n) => capitalised(n.token) && !n.english));
    for (const m of matches) {
      concepts.push({ english: m.spelled, terms: m.words, name: true, source: 'pinyin', start: run[m.from]!.token.start, end: tokenEnd(run[m.to - 1]!.token) });
    }
    run.forEach((n, k) => {
      if (matches.some((m) => k >= m.from && k < m.to)) return;
      // Unresolved: names the documents do not have (Paris, a dictionary name; Xyzzy, no English word;
      // not Horticulture, an English word they lack). What the question is about is missing from them.
      if (capitalised(n.token) && (n.knownName || !n.english)) unresolved.push(n.token.text);
    });
  }
  return unresolved;
}

/**
 * A name followed by what it names ("Zhenhua Horticulture", "Zhichuang cities", "Qinhuai Data") is
 * one word in Chinese (振华园艺, 智创城, 秦淮数据). When the documents have the name joined to the
 * next concept's rendering, or to its first characters, that joined form leads the name's terms:
 * it pins the name down far better than the name or the common noun alone.
 */
function joinHeadNoun(lexical: LexicalIndex, question: string, name: Located, concepts: Located[]): void {
  const next = concepts.find((c) => c !== name && c.start >= name.end && /^[\s'’s-]*$/.test(question.slice(name.end, c.start)));
  if (!next) return;
  const joined = new Set<string>();
  for (const base of name.terms) {
    for (const term of next.terms) {
      const chars = [...term];
      for (let n = chars.length; n >= 1; n--) {
        const form = base + chars.slice(0, n).join('');
        if (inDocuments(lexical, form)) {
          joined.add(form);
          break;
        }
      }
    }
  }
  // Only an unambiguous join: with several, character pairs met by chance (美金氢能 beside 美锦氢能
  // in a large index) could lead the search astray.
  if (joined.size !== 1) return;
  const form = [...joined][0]!;
  name.terms = [form, ...name.terms.filter((t) => t !== form)];
}

/**
 * What to search for an English question: the Chinese terms of its words and names (a dictionary
 * word's best rendering only), and those of
 * its Latin tokens the documents also have (5G, PM2.5, 56GW, years). The English words themselves
 * are left out: no passage has them, and in the hashed-n-gram vector they only add noise. Terms are
 * separated by an ideographic comma: normalisation drops spaces between Chinese characters, and run
 * together, 项目 瑞达 would also search for the bigram 目瑞 that nobody asked about. A question with
 * nothing found is searched as asked.
 */
export function expandQuestion(question: string, lexical: LexicalIndex, reading: EnglishReading = readEnglish(question, lexical)): string {
  const searched = (c: EnglishConcept) => (c.source === 'dictionary' ? c.terms.slice(0, SEARCHED_RENDERINGS) : c.terms);
  const terms = [...new Set(reading.concepts.flatMap(searched))];
  if (terms.length === 0) return question;
  // A Chinese question with an English word in it (GDP, ESG) keeps all its own words.
  if (/\p{Script=Han}/u.test(question)) return `${question} ${terms.join('、')}`;
  const latin = (normalizeForIndex(question).match(/[a-z0-9][a-z0-9.%+-]*/g) ?? [])
    .map((w) => w.replace(/[.+-]+$/, ''))
    .filter((w) => /\d/.test(w) && (lexical.hasWord(w) || lexical.hasBigram(w)));
  return [...new Set([...latin, ...terms])].join('、');
}
