/**
 * Is the retrieved evidence enough to answer? Decided before any answer is composed, so the offline
 * answer refuses instead of quoting near-misses ("the documents mention the project, not its cost").
 */
import { normalizeForIndex } from '../ingest/normalize.js';
import { detectScript } from '../ingest/script.js';
import type { SearchHit } from '../retrieval/search.js';
import { readEnglish, type EnglishConcept } from '../retrieval/english-query.js';
import { readEnglishQuestion } from '../retrieval/glossary.js';
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

export function judgeEvidence(question: string, hits: SearchHit[], context: EvidenceContext = {}, options: Partial<EvidenceOptions> = {}): Evidence {
  const wordWeight = context.wordWeight ?? (() => 1);
  const o = { ...DEFAULT_EVIDENCE_OPTIONS, ...options };
  const top = hits.slice(0, o.passages);
  if (top.length === 0) return { supported: false, coverage: 0, reason: 'no passages' };
  const norm = normalizeForIndex(question);
  // English questions: the share of their glossary concepts (and names) a passage mentions.
  if (detectScript(question) === 'latin') return judgeEnglish(question, top, o, context.lexical);
  const words = contentWords(norm);
  const total = words.reduce((s, w) => s + wordWeight(w), 0);
  const covered = top.map((hit) => {
    const text = passageText(hit);
    const share = total === 0 ? 0 : words.filter((w) => text.includes(w)).reduce((s, w) => s + wordWeight(w), 0) / total;
    return { text, share };
  });
  const coverage = Math.max(...covered.map((c) => c.share));
  if (coverage < o.minCoverage) return { supported: false, coverage, reason: `coverage ${coverage.toFixed(2)} < ${o.minCoverage}` };
  // "总投资多少亿元": a passage about the subject must also hold a figure in that unit; an 亿元 figure
  // in a passage about something else does not answer it.
  const unit = askedUnit(norm);
  const figure = unit ? new RegExp(`${NUMBER}[余多]?${unit}`) : undefined;
  if (figure && !covered.some((c) => c.share >= o.minCoverage && figure.test(c.text))) {
    return { supported: false, coverage, reason: `no figure in ${unit} where the subject is discussed` };
  }
  return { supported: true, coverage };
}

/** Concepts of an English question found in the best passage; a name nobody can map counts as missing. */
function judgeEnglish(question: string, top: SearchHit[], o: EvidenceOptions, lexical?: LexicalIndex): Evidence {
  const reading: { concepts: EnglishConcept[]; unresolved: string[] } = lexical
    ? readEnglish(question, lexical)
    : { concepts: readEnglishQuestion(question).matches, unresolved: readEnglishQuestion(question).nameRuns.flat() };
  const { concepts } = reading;
  if (concepts.length === 0) return { supported: false, coverage: 0, reason: 'no known English terms' };
  // Names say what the question is about: they weigh double, and a name nobody can map is missing.
  const weight = (c: EnglishConcept) => (c.name ? 2 : 1);
  const total = concepts.reduce((s, c) => s + weight(c), 0) + 2 * reading.unresolved.length;
  const names = concepts.filter((c) => c.name);
  const covered = top.map((hit) => {
    const text = passageText(hit);
    const mentions = (c: EnglishConcept) => c.terms.some((t) => text.includes(normalizeForIndex(t)));
    return { text, share: concepts.filter(mentions).reduce((s, c) => s + weight(c), 0) / total, allNames: names.every(mentions) };
  });
  const coverage = Math.max(...covered.map((c) => c.share));
  if (coverage < o.minEnglishCoverage) return { supported: false, coverage, reason: `English coverage ${coverage.toFixed(2)} < ${o.minEnglishCoverage}` };
  // "How much … in billion yuan": as for Chinese, the subject's passage must hold a figure in that unit.
  const unit = /\bhow (much|many)\b/i.test(question) ? UNITS.find((u) => concepts.some((c) => c.terms.includes(u))) : undefined;
  const figure = unit ? new RegExp(`${NUMBER}[余多]?${unit}`) : undefined;
  if (figure && !covered.some((c) => c.share >= o.minEnglishCoverage && c.allNames && figure.test(c.text))) {
    return { supported: false, coverage, reason: `no figure in ${unit} where the subject is discussed` };
  }
  return { supported: true, coverage };
}
