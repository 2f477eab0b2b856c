/**
 * Is the retrieved evidence enough to answer? Decided before any answer is composed, so the offline
 * answer refuses instead of quoting near-misses ("the documents mention the project, not its cost").
 */
import { normalizeForIndex } from '../text/normalize.js';
import { detectScript } from '../text/script.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { readEnglish, type EnglishConcept } from '../retrieval/query/english-query.js';
import { readEnglishQuestion } from '../retrieval/query/glossary.js';
import type { LexicalIndex } from '../retrieval/lexical-index.js';
import { wordTokens } from '../retrieval/tokenize.js';

export interface EvidenceOptions {
  /** Weighted share of the question's content words the best passage must contain. */
  minCoverage: number;
  /** How many of the top passages are considered. */
  passages: number;
  /** Share of an English question's glossary concepts and names the best passage must mention. */
  minEnglishCoverage: number;
}

// Chosen on the dev set with IDF-weighted coverage: answerable questions sit at 0.43–1.0 (all but one
// ≥ 0.6), unanswerable ones at 0.45–0.85, the last of which the quantity check catches.
export const DEFAULT_EVIDENCE_OPTIONS: EvidenceOptions = { minCoverage: 0.56, passages: 3, minEnglishCoverage: 0.5 };

export interface Evidence {
  supported: boolean;
  /** Best weighted share of the question's content words found in one passage (0–1). */
  coverage: number;
  /** Why the evidence was judged too weak, for logs and the eval report. */
  reason?: string;
}

/** Words that frame a question rather than say what it is about (哪些地方, 为什么, 多少…). */
const INTERROGATIVE = /[哪什怎几吗呢]|多少|如何|为何|多大|多高|多长|多久/;

/** Measure words that, after 多少/几, name the unit the answer must be counted in. */
const UNITS = ['万千瓦', '千瓦', '亿元', '万元', '元', '万吨', '吨', '万人', '人', '名', '家', '个', '只', '头', '项', '条', '亩', '座', '户', '台', '所', '倍', '平方米', '公里', '年'];
const NUMBER = '[0-9０-９.一二三四五六七八九十百千万亿两数几]';

/** The unit a quantity question asks for ("总投资多少亿元" → 亿元), if it names one. */
export function askedUnit(normalizedQuestion: string): string | undefined {
  const m = /(?:多少|几)(.{1,3})/.exec(normalizedQuestion);
  if (!m) return undefined;
  return UNITS.find((u) => m[1]!.startsWith(u));
}

export function contentWords(normalizedQuestion: string): string[] {
  return [...new Set(wordTokens(normalizedQuestion))].filter((w) => [...w].length >= 2 && !INTERROGATIVE.test(w));
}

function passageText(hit: SearchHit): string {
  return normalizeForIndex(`${hit.passage.section.join(' ')} ${hit.passage.text}`).replace(/\s+/g, '');
}

/** What the index knows, for weighting words and reading English questions; absent in unit uses. */
export interface EvidenceContext {
  wordWeight?: (word: string) => number;
  lexical?: LexicalIndex;
}

/** Something the question asks about, in the index's normalised Chinese. */
interface Concept {
  /** A passage containing any of these mentions the concept. */
  terms: string[];
  weight: number;
  /** A proper name: the passage holding the asked-for figure must mention it. */
  name?: boolean;
}

/** What a question asks about, in a form both scripts' questions are judged by. */
interface Asked {
  concepts: Concept[];
  /** Weight of what the question asks about that no passage can mention (unmapped names). */
  missing: number;
  /** The unit an asked-for quantity is counted in (亿元, 家…), if the question names one. */
  unit?: string;
  minCoverage: number;
}

function chineseAsked(question: string, wordWeight: (word: string) => number, o: EvidenceOptions): Asked {
  const norm = normalizeForIndex(question);
  const concepts = contentWords(norm).map((w) => ({ terms: [w], weight: wordWeight(w) }));
  return { concepts, missing: 0, unit: askedUnit(norm), minCoverage: o.minCoverage };
}

/** Glossary concepts and names of an English question; names weigh double, unmapped ones are missing. */
function englishAsked(question: string, lexical: LexicalIndex | undefined, o: EvidenceOptions): Asked {
  let reading: { concepts: EnglishConcept[]; unresolved: string[] };
  if (lexical) reading = readEnglish(question, lexical);
  else {
    const { matches, nameRuns } = readEnglishQuestion(question);
    reading = { concepts: matches, unresolved: nameRuns.flat() };
  }
  const concepts = reading.concepts.map((c) => ({ terms: c.terms.map((t) => normalizeForIndex(t)), weight: c.name ? 2 : 1, name: c.name }));
  const unit = /\bhow (much|many)\b/i.test(question) ? UNITS.find((u) => concepts.some((c) => c.terms.includes(u))) : undefined;
  return { concepts, missing: 2 * reading.unresolved.length, unit, minCoverage: o.minEnglishCoverage };
}

export function judgeEvidence(question: string, hits: SearchHit[], context: EvidenceContext = {}, options: Partial<EvidenceOptions> = {}): Evidence {
  const o = { ...DEFAULT_EVIDENCE_OPTIONS, ...options };
  const top = hits.slice(0, o.passages);
  if (top.length === 0) return { supported: false, coverage: 0, reason: 'no passages' };
  const asked =
    detectScript(question) === 'latin' ? englishAsked(question, context.lexical, o) : chineseAsked(question, context.wordWeight ?? (() => 1), o);
  if (asked.concepts.length === 0) return { supported: false, coverage: 0, reason: 'nothing the question asks about is known' };

  const total = asked.concepts.reduce((s, c) => s + c.weight, 0) + asked.missing;
  const names = asked.concepts.filter((c) => c.name);
  const covered = top.map((hit) => {
    const text = passageText(hit);
    const mentions = (c: Concept) => c.terms.some((t) => text.includes(t));
    const share = total === 0 ? 0 : asked.concepts.filter(mentions).reduce((s, c) => s + c.weight, 0) / total;
    return { text, share, allNames: names.every(mentions) };
  });
  const coverage = Math.max(...covered.map((c) => c.share));
  if (coverage < asked.minCoverage) return { supported: false, coverage, reason: `coverage ${coverage.toFixed(2)} < ${asked.minCoverage}` };
  // "总投资多少亿元": a passage about the subject (names included) must also hold a figure in that
  // unit; an 亿元 figure in a passage about something else does not answer it.
  const figure = asked.unit ? new RegExp(`${NUMBER}[余多]?${asked.unit}`) : undefined;
  if (figure && !covered.some((c) => c.share >= asked.minCoverage && c.allNames && figure.test(c.text))) {
    return { supported: false, coverage, reason: `no figure in ${asked.unit} where the subject is discussed` };
  }
  return { supported: true, coverage };
}
