/**
 * Evaluation metrics as pure functions: where the first gold passage ranks, whether an answer holds
 * what it must, how much of an answer its citations support, and the per-set summary.
 */
import { ABSENCE_STATEMENTS } from '../answer/compose.js';
import { compactForMatch, unifyWidth } from '../text/normalize.js';
import { toSimplifiedScript } from '../text/script.js';
import { containsQuote, withoutSpace, type EvalItem, type Gold } from './sets.js';

/** What the metrics read of a passage. */
export interface PassageRef {
  id: string;
  docId: string;
  text: string;
}

export type Outcome = 'answer' | 'partial' | 'refused';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A knowledge file's corpus id: CRUD articles are stored as `<id>.txt`. */
export function articleId(docId: string): string {
  return docId.replace(/\.txt$/, '');
}

/** Policy sets: the passage holds a gold quote of its document. CRUD: it holds a gold answer string. */
export function isGoldPassage(gold: Gold, passage: Pick<PassageRef, 'docId' | 'text'>): boolean {
  if (gold.kind === 'quotes') return gold.quotes.some((g) => g.doc === passage.docId && containsQuote(passage, g.quote));
  const text = withoutSpace(passage.text);
  return gold.answers.some((a) => text.includes(withoutSpace(a)));
}

/** 1-based rank of the first gold passage, undefined when none of them is gold. */
export function goldRank(gold: Gold, passages: Array<Pick<PassageRef, 'docId' | 'text'>>): number | undefined {
  const i = passages.findIndex((p) => isGoldPassage(gold, p));
  return i >= 0 ? i + 1 : undefined;
}

/** CRUD source@k: one of the first k passages comes from the gold article. */
export function sourceAt(gold: Gold, passages: Array<Pick<PassageRef, 'docId'>>, k: number): boolean | undefined {
  if (gold.kind !== 'answers') return undefined;
  return passages.slice(0, k).some((p) => articleId(p.docId) === gold.doc);
}

/** Policy sets: every keyword is in the answer. CRUD: a gold answer string is. */
export function keywordHit(gold: Gold, answerText: string): boolean {
  if (gold.kind === 'quotes') {
    const text = compactForMatch(answerText);
    return gold.keywords.every((k) => text.includes(compactForMatch(k)));
  }
  const text = withoutSpace(answerText);
  return gold.answers.some((a) => text.includes(withoutSpace(a)));
}

/** [1], [1, 2], [1][2], ［1］, 【1】: a run of citation markers. */
const MARKER_RUN = /(?:[[［【]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]］】])+/g;
const SENTENCE_END = /(?<=[。！？!?；;])|\n+|(?<=[a-z)"'][.])\s+/i;
const HAN = /\p{Script=Han}/u;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;

export interface Support {
  sentences: number;
  supported: number;
}

/** The answer cut into sentences, each with the numbers of the markers that follow its segment. */

export function citedSentences(answerText: string): Array<{ text: string; markers: number[] }> {
  const out: Array<{ text: string; markers: number[] }> = [];
  // The answer's own statement of what the documents do not hold is not a claim from them.
  answerText = answerText
    .split('\n')
    .filter((line) => !ABSENCE_STATEMENTS.some((prefix) => line.startsWith(prefix)))
    .join('\n');
  const add = (segment: string, markers: number[]) => {
    for (const piece of segment.split(SENTENCE_END)) {
      if (piece && /[\p{L}\p{N}]/u.test(piece)) out.push({ text: piece.trim(), markers });
    }
  };
  let last = 0;
  for (const m of answerText.matchAll(MARKER_RUN)) {
    add(answerText.slice(last, m.index), [...m[0].matchAll(/\d+/g)].map((d) => Number(d[0])));
    last = m.index + m[0].length;
  }
  add(answerText.slice(last), []);
  return out;
}

/**
 * Character-level folding to Simplified, widths unified, whitespace removed. compactForMatch folds
 * Taiwan phrases too, which depends on the surrounding text (a passage's 执行 can become 运行 while
 * the same sentence quoted alone keeps it), so a quote is also accepted in this form.
 */
function charFolded(text: string): string {
  return unifyWidth(toSimplifiedScript(text)).toLowerCase().replace(/\s+/g, '');
}

function numbersOf(compact: string): string[] {
  compact = compact.replace(/(\d),(?=\d{3})/g, '$1'); // 3,384.5 as written in English is 3384.5
  return [...compact.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
}

function containsNumber(haystack: string, n: string): boolean {
  return new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?!\\d|\\.\\d)`).test(haystack);
}

/**
 * How many of the answer's sentences their citations support. A sentence (the text before a [n]) is
 * supported when, markers and edge punctuation removed, it occurs in a cited passage (whitespace
 * and script ignored). A sentence without Chinese (an English lead, a bare figure) is not a quote:
 * it is supported when every number in it occurs in a cited passage. No marker: unsupported.
 */
/** An English lead's conversion of a quoted figure, "(45 billion yuan)": derived, not quoted. */
const CONVERSION = /[(（][^()（）]*[a-z][^()（）]*[)）]/gi;
const LATIN_WORDS = /[a-z]{2,}/i;

export function citationSupport(answerText: string, citations: Array<{ n: number; passage: { text: string } }>): Support {
  const sentences = citedSentences(answerText);
  let supported = 0;
  for (const s of sentences) {
    const cited = s.markers.flatMap((n) => citations.filter((c) => c.n === n).map((c) => c.passage.text));
    if (cited.length === 0) continue;
    const compact = compactForMatch(s.text).replace(CONVERSION, '').replace(EDGE_PUNCTUATION, '');
    let ok: boolean;
    if (HAN.test(compact) && !LATIN_WORDS.test(compact)) {
      const folded = charFolded(s.text).replace(EDGE_PUNCTUATION, '');
      ok = cited.some((p) => compactForMatch(p).includes(compact) || charFolded(p).includes(folded));
    } else {
      const passages = cited.map(compactForMatch);
      ok = numbersOf(compact).every((n) => passages.some((p) => containsNumber(p, n)));
    }
    if (ok) supported++;
  }
  return { sentences: sentences.length, supported };
}

/** One question's evaluation. */
export interface QuestionResult {
  item: EvalItem;
  outcome: Outcome;
  /** 1-based rank of the first gold passage among the retrieved ones. */
  rank?: number;
  /** CRUD: one of the top 5 passages comes from the source article. */
  source5?: boolean;
  keywordHit: boolean;
  support: Support;
  /** Whole-answer time. */
  ms: number;
}

export interface Metrics {
  n: number;
  answerable: number;
  unanswerable: number;
  /** Over answerable questions (null when there are none). */
  hit1: number | null;
  hit5: number | null;
  mrr: number | null;
  /** CRUD: over answerable questions whose source article is in the knowledge base. */
  source5: number | null;
  refused: number;
  partial: number;
  /** refused & unanswerable / refused */
  refusalPrecision: number | null;
  /** refused & unanswerable / unanswerable */
  refusalRecall: number | null;
  /** answerable refused / answerable */
  falseRefusals: number | null;
  /** Answerable questions whose answer holds the keywords (CRUD: a gold answer string). */
  keywordHit: number | null;
  /** Supported sentences / sentences, over answers that were not refusals. */
  citationSupport: number | null;
  p50Ms: number;
  p95Ms: number;
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** hit@1, hit@5 and MRR over ranks (undefined = no gold passage retrieved). */
export function rankFigures(ranks: Array<number | undefined>): { hit1: number | null; hit5: number | null; mrr: number | null } {
  const hit = (k: number) => ratio(ranks.filter((r) => r !== undefined && r <= k).length, ranks.length);
  return { hit1: hit(1), hit5: hit(5), mrr: ratio(ranks.reduce<number>((s, r) => s + (r ? 1 / r : 0), 0), ranks.length) };
}

export function summarize(rows: QuestionResult[]): Metrics {
  const answerable = rows.filter((r) => r.item.answerable);
  const unanswerable = rows.filter((r) => !r.item.answerable);
  const refused = rows.filter((r) => r.outcome === 'refused');
  const withSource = answerable.filter((r) => r.source5 !== undefined && !r.item.sourceHeldOut);
  const answered = rows.filter((r) => r.outcome !== 'refused');
  const sentences = answered.reduce((s, r) => s + r.support.sentences, 0);
  const ms = rows.map((r) => r.ms);
  return {
    n: rows.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    ...rankFigures(answerable.map((r) => r.rank)),
    source5: ratio(withSource.filter((r) => r.source5).length, withSource.length),
    refused: refused.length,
    partial: rows.filter((r) => r.outcome === 'partial').length,
    refusalPrecision: ratio(refused.filter((r) => !r.item.answerable).length, refused.length),
    refusalRecall: ratio(unanswerable.filter((r) => r.outcome === 'refused').length, unanswerable.length),
    falseRefusals: ratio(answerable.filter((r) => r.outcome === 'refused').length, answerable.length),
    keywordHit: ratio(answerable.filter((r) => r.outcome !== 'refused' && r.keywordHit).length, answerable.length),
    citationSupport: ratio(answered.reduce((s, r) => s + r.support.supported, 0), sentences),
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
  };
}

/** Rows grouped by a key, groups in order of first appearance. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const g = groups.get(k);
    if (g) g.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
