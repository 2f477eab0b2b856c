/**
 * Do the retrieved passages answer the question? Judged per part, before anything is composed:
 * a part is supported when one passage covers enough of what it is about (weighted terms, soft
 * matches for abbreviations and respellings), names every anchor it is scoped to (place, name,
 * year, ordinal: 二期 is not 一期), and holds an answer of the kind asked (a figure in the asked
 * unit, a date, a person, a list). All parts supported: answer; some: partial; none: refuse.
 */
import { cut } from 'jieba-wasm';
import type { Question, QuestionPart, Term } from '../query/question.js';
import type { SearchHit } from '../retrieval/query/search.js';
import { answersPart } from './answer-shape.js';
import { evidenceText, mentions, termShare, type EvidenceText } from './evidence-text.js';

export interface JudgeOptions {
  /** Weighted share of a part's terms the supporting passage must mention. */
  minCoverage: number;
  /** How many of the top passages may support a part. */
  passages: number;
  /**
   * Weighted share of the part's terms that two consecutive sentences of the passage (with its
   * title and section) must mention: the words of an answered question stand together; a passage
   * on the same topic from another article scatters them.
   */
  minWindowCoverage: number;
  /**
   * The text just before a passage in its document (normalised): a passage often states a fact
   * whose subject the previous one named ("振华园艺…" then "年培育盆栽玫瑰120万盆").
   */
  before?: (hit: SearchHit) => string;
  /**
   * Similarity in meaning of two words (word vectors). A term the passage does not contain counts
   * in part when the passage uses a word close in meaning (GDP ~ 生产总值), never for anchors.
   */
  similarity?: (a: string, b: string) => number | undefined;
}

// Fitted on dev + dev2 (106 answerable, 14 not) and CRUD-3000 (227 answerable, 165 not) together, with
// 320-character passages: coverage 0.5 / 0.55 / 0.6 → false refusals 1.9 / 3.8 / 4.7 % (policy) and
// 2.6 / 4.8 / 6.6 % (CRUD), unanswerable answered 14 / 14 / 14 % and 48 / 38 / 31 %. Coverage of the rarest
// terms alone cost more false refusals than it saved; the sentence window adds a little at no cost.
export const DEFAULT_JUDGE_OPTIONS: JudgeOptions = { minCoverage: 0.55, passages: 5, minWindowCoverage: 0.4 };

export interface PartJudgement {
  part: QuestionPart;
  supported: boolean;
  /** Indexes into the hits of the passages that support this part, best first. */
  support: number[];
  /** Best weighted coverage of the part's terms by one passage (0–1). */
  coverage: number;
  /** Anchors no passage that covers the part mentions. */
  missing: string[];
  /** Why the part is not supported, for logs and the eval report. */
  reason?: string;
}

export interface Judgement {
  outcome: 'answer' | 'partial' | 'refused';
  parts: PartJudgement[];
  /** Best coverage over parts (the headline figure in the eval dump). */
  coverage: number;
}

/** Words at least this similar in meaning stand in for each other, for this share of the weight. */
const SIMILAR = 0.72;
const SIMILAR_CREDIT = 0.6;

const passageWords = new WeakMap<EvidenceText, string[]>();

/** The distinct jieba words of a passage (normalised), for matching by meaning. */
function wordsOf(hit: SearchHit): string[] {
  const text = evidenceText(hit);
  let words = passageWords.get(text);
  if (!words) {
    words = [...new Set(cut(text.body, true).filter((w) => [...w].length >= 2 && /[\p{L}\p{N}]/u.test(w)))];
    passageWords.set(text, words);
  }
  return words;
}

interface Reading {
  hit: number;
  coverage: number;
  windowCoverage: number;
  missing: string[];
  answers: boolean;
}

function read(part: QuestionPart, hit: SearchHit, index: number, options: JudgeOptions): Reading {
  const { before, similarity } = options;
  const text = evidenceText(hit);
  const credit = (t: Term) => {
    const exact = mentions(text.full, t);
    if (exact > 0 || t.anchor || t.unknown || !similarity) return exact;
    const close = wordsOf(hit).some((w) => (similarity(t.text, w) ?? 0) >= SIMILAR);
    return close ? SIMILAR_CREDIT : 0;
  };
  // An anchor named just before the passage still scopes it (the article named the place, this
  // paragraph gives the figure); coverage counts the passage alone, so a neighbour's words never
  // make a passage about something else look relevant.
  const context = before?.(hit) ?? '';
  const missing = part.terms.filter((t) => t.anchor && mentions(text.full, t) === 0 && mentions(context, t) === 0).map((t) => t.text);
  const head = text.full.slice(0, text.full.length - text.body.length);
  const sentences = text.body.split(/(?<=[。！？!?；;])/);
  let windowCoverage = 0;
  for (let i = 0; i < sentences.length; i++) {
    const window = `${head}${sentences[i]}${sentences[i + 1] ?? ''}`;
    windowCoverage = Math.max(windowCoverage, termShare(part.terms, (t) => mentions(window, t)));
  }
  return { hit: index, coverage: termShare(part.terms, credit), windowCoverage, missing, answers: answersPart(part, text.body) };
}

export function judgePart(part: QuestionPart, hits: SearchHit[], options: JudgeOptions = DEFAULT_JUDGE_OPTIONS): PartJudgement {
  const readings = hits.slice(0, options.passages).map((h, i) => read(part, h, i, options));
  if (readings.length === 0) return { part, supported: false, support: [], coverage: 0, missing: [], reason: 'no passages' };
  if (!part.terms.some((t: Term) => t.weight > 0)) return { part, supported: false, support: [], coverage: 0, missing: [], reason: 'nothing the question asks about is known' };
  const coverage = Math.max(...readings.map((r) => r.coverage));
  const covering = readings.filter((r) => r.coverage >= options.minCoverage && r.windowCoverage >= options.minWindowCoverage);
  const scoped = covering.filter((r) => r.missing.length === 0);
  const support = scoped.filter((r) => r.answers).sort((a, b) => b.coverage - a.coverage || a.hit - b.hit);
  if (support.length > 0) return { part, supported: true, support: support.map((r) => r.hit), coverage, missing: [] };
  const missing = covering.length > 0 ? [...new Set(covering.flatMap((r) => r.missing))] : [];
  const reason =
    covering.length === 0
      ? `coverage ${coverage.toFixed(2)} < ${options.minCoverage}`
      : scoped.length === 0
        ? `not mentioned: ${missing.join(', ')}`
        : `no ${part.asked.kind}${part.asked.unit ? ` in ${part.asked.unit}` : ''} where the subject is discussed`;
  return { part, supported: false, support: [], coverage, missing, reason };
}

export function judge(question: Question, hits: SearchHit[], options: Partial<JudgeOptions> = {}): Judgement {
  const o = { ...DEFAULT_JUDGE_OPTIONS, ...options };
  const parts = question.parts.map((p) => judgePart(p, hits, o));
  const supported = parts.filter((p) => p.supported).length;
  const outcome = supported === 0 ? 'refused' : supported === parts.length ? 'answer' : 'partial';
  return { outcome, parts, coverage: Math.max(0, ...parts.map((p) => p.coverage)) };
}
