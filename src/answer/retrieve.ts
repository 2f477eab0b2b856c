/**
 * Retrieval for an analysed question: BM25 and vector candidates (the hybrid search), re-ranked by
 * what the question asks — the share of its weighted terms a passage covers, the anchors it names,
 * and whether it holds an answer of the asked kind near the question's subject. BM25 stays the
 * backbone; each signal's weight was fitted on dev + dev2 + a CRUD sample together and is shown
 * to earn its place by the ablation in `npm run eval`.
 */
import type { Question, QuestionPart } from '../query/question.js';
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { search, type SearchHit, type SearchOptions } from '../retrieval/query/search.js';
import { answersPart } from './answer-shape.js';
import { evidenceText, mentions, termShare } from './evidence-text.js';

export interface RankingWeights {
  /** Weighted share of the question's terms the passage (with title and section) mentions. */
  coverage: number;
  /** Share of the question's anchors (places, names, years, ordinals) the passage names. */
  anchors: number;
  /** The passage holds an answer of the asked kind near the question's subject. */
  answer: number;
  /** Cosine similarity of the passage and question vectors. */
  dense: number;
}

/** The retrieval variants `npm run eval` compares; `final` is what answers use. */
// Grid search over dev + dev2 + en-extra (147 answerable) and CRUD-3000 (224) together, on the
// FTS5 index: lexical only 0.878 / 0.929 → final 0.939 / 0.938 (hit@1, policy / CRUD). The anchors
// signal earned nothing once coverage was in (the judge still requires them); dense similarity from
// the word vectors earned two CRUD questions at 0.15 and loses at 0.6.
export const RANKING: Record<string, { search: Partial<SearchOptions>; weights: RankingWeights }> = {
  'lexical only': { search: { denseWeight: 0 }, weights: { coverage: 0, anchors: 0, answer: 0, dense: 0 } },
  '+ coverage': { search: { denseWeight: 0 }, weights: { coverage: 2, anchors: 0, answer: 0, dense: 0 } },
  '+ anchors': { search: { denseWeight: 0 }, weights: { coverage: 2, anchors: 0.15, answer: 0, dense: 0 } },
  '+ answer kind': { search: { denseWeight: 0 }, weights: { coverage: 2, anchors: 0, answer: 0.2, dense: 0 } },
  'dense only': { search: { lexicalWeight: 0 }, weights: { coverage: 0, anchors: 0, answer: 0, dense: 1 } },
  final: { search: { denseWeight: 0 }, weights: { coverage: 2, anchors: 0, answer: 0.2, dense: 0.15 } },
};

/** Candidates re-ranked: enough that a passage BM25 puts 20th can still come first. */
const CANDIDATES = 40;

export interface Signals {
  lexical: number;
  coverage: number;
  anchors: number;
  answer: number;
  dense: number;
}

function partSignals(part: QuestionPart, hit: SearchHit): Omit<Signals, 'lexical' | 'dense'> {
  const text = evidenceText(hit);
  const coverage = termShare(part.terms, (t) => mentions(text.full, t));
  const anchors = part.terms.filter((t) => t.anchor);
  const named = anchors.length === 0 ? 1 : anchors.filter((t) => mentions(text.full, t) > 0).length / anchors.length;
  const answer = ['figure', 'date', 'person'].includes(part.asked.kind) && answersPart(part, text.body) ? 1 : 0;
  return { coverage, anchors: named, answer };
}

/** The signals of one candidate: the best part's (a two-part question is served by either). */
export function signalsOf(question: Question, hit: SearchHit, maxLexical: number): Signals {
  const parts = question.parts.map((p) => partSignals(p, hit));
  const best = parts.sort((a, b) => b.coverage + b.anchors - (a.coverage + a.anchors))[0] ?? { coverage: 0, anchors: 0, answer: 0 };
  return { lexical: maxLexical > 0 ? hit.lexicalScore / maxLexical : 0, dense: Math.max(0, hit.denseSimilarity), ...best };
}

export function rankScore(s: Signals, w: RankingWeights): number {
  return s.lexical + w.coverage * s.coverage + w.anchors * s.anchors + w.answer * s.answer + w.dense * s.dense;
}

export interface Retrieved {
  hits: SearchHit[];
  ms: number;
}

/** Which documents retrieval may draw from: `ask --issuer/--since/--in-force`; undefined for all. */
export interface RetrieveScope {
  only?: ReadonlySet<string>;
}

/** Candidates taken when a filter will drop most of them. */
const FILTERED_CANDIDATES = 200;
/** A document the question names (by number or issuer) ranks above any that it does not. */
const NAMED_DOCUMENT_BOOST = 10;
/** Passages of named or allowed documents added as candidates at most (BM25 may miss them all). */
const ADDED_PASSAGES = 400;
/** A filter letting through at most this many documents has all their passages considered. */
const SMALL_SCOPE = 20;

/** Candidates that BM25 did not bring: every passage of the documents that must be considered. */
function addedCandidates(index: PolicyIndex, docIds: Iterable<string>, have: Set<string>): SearchHit[] {
  const added: SearchHit[] = [];
  for (const id of docIds) {
    const document = index.document(id);
    if (!document) continue;
    for (const passage of index.passagesOf(id)) {
      if (added.length >= ADDED_PASSAGES) return added;
      if (have.has(passage.id)) continue;
      added.push({ passage, document, score: 0, lexicalScore: 0, denseSimilarity: 0, matchedTerms: [] });
    }
  }
  return added;
}

export async function retrieve(index: PolicyIndex, question: Question, k: number, variant = RANKING.final!, scope: RetrieveScope = {}): Promise<Retrieved> {
  const t0 = performance.now();
  const { only } = scope;
  const named = new Set((question.documents?.ids ?? []).filter((id) => !only || only.has(id)));
  const candidates = only ? FILTERED_CANDIDATES : CANDIDATES;
  let { hits } = await search(index, question.search, { ...variant.search, k: Math.max(k, candidates), candidates: Math.max(candidates, 40) });
  if (only) hits = hits.filter((h) => only.has(h.passage.docId));
  if (named.size > 0 || (only && only.size <= SMALL_SCOPE)) {
    const extra = [...named, ...(only && only.size <= SMALL_SCOPE ? only : [])];
    hits = [...hits, ...addedCandidates(index, new Set(extra), new Set(hits.map((h) => h.passage.id)))];
  }
  const maxLexical = Math.max(0, ...hits.map((h) => h.lexicalScore));
  const ranked = hits
    .map((hit, i) => ({ hit, i, score: rankScore(signalsOf(question, hit, maxLexical), variant.weights) + (named.has(hit.passage.docId) ? NAMED_DOCUMENT_BOOST : 0) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map((r) => ({ ...r.hit, score: r.score }));
  return { hits: ranked, ms: performance.now() - t0 };
}
