/**
 * Running a set: every question through the answer path (follow-ups with their previous turn), and
 * every answerable question through each ranking variant of the search for the ablation.
 */
import type { PolicyIndex } from '../retrieval/policy-index.js';
import { RANKING, retrieve } from '../answer/retrieve.js';
import { analyse } from '../query/analyse.js';
import { lexiconOf } from '../query/index-lexicon.js';
import { citationSupport, goldRank, keywordHit, percentile, rankFigures, sourceAt, type Outcome, type PassageRef, type QuestionResult } from './metrics.js';
import type { EvalItem } from './sets.js';

/** What the evaluation reads of an answer; the rest of the pipeline's answer is free to change. */
export interface AnswerLike {
  text: string;
  refused: boolean;
  outcome?: Outcome;
  citations: Array<{ n: number; passage: PassageRef }>;
  hits: Array<{ passage: PassageRef }>;
  evidence?: unknown;
  judgement?: unknown;
}

export interface AnswererLike {
  answer(question: string, options?: { previous?: { question: string; answer: string } }): Promise<AnswerLike>;
}

export interface Evaluated {
  result: QuestionResult;
  answer: AnswerLike;
}

export function outcomeOf(answer: AnswerLike): Outcome {
  return answer.outcome ?? (answer.refused ? 'refused' : 'answer');
}

/** One question's figures from its answer. */
export function scoreAnswer(item: EvalItem, answer: AnswerLike, ms: number): QuestionResult {
  const outcome = outcomeOf(answer);
  const passages = answer.hits.map((h) => h.passage);
  const source5 = sourceAt(item.gold, passages, 5);
  return {
    item,
    outcome,
    rank: goldRank(item.gold, passages),
    ...(source5 !== undefined ? { source5 } : {}),
    keywordHit: outcome !== 'refused' && keywordHit(item.gold, answer.text),
    support: outcome === 'refused' ? { sentences: 0, supported: 0 } : citationSupport(answer.text, answer.citations),
    ms,
  };
}

/**
 * Answers the items in order; lines of one conversation get the previous turn of that conversation.
 * The first question is asked once beforehand, so loading jieba/OpenCC is not a latency sample.
 */
export async function answerItems(answerer: AnswererLike, items: EvalItem[]): Promise<Evaluated[]> {
  // Warm: one question per language first, so the lazily loaded parts (jieba, OpenCC, the word
  // vectors, the English dictionary) are not charged to the first measured question.
  for (const lang of new Set(items.map((i) => i.lang))) await answerer.answer(items.find((i) => i.lang === lang)!.question);
  const previous = new Map<string, { question: string; answer: string }>();
  const out: Evaluated[] = [];
  for (const item of items) {
    const prev = item.conversation ? previous.get(item.conversation) : undefined;
    const started = performance.now();
    const answer = await answerer.answer(item.question, prev ? { previous: prev } : {});
    const ms = performance.now() - started;
    if (item.conversation) previous.set(item.conversation, { question: item.question, answer: answer.text });
    out.push({ result: scoreAnswer(item, answer, ms), answer });
  }
  return out;
}

export interface VariantFigures {
  name: string;
  n: number;
  hit1: number | null;
  hit5: number | null;
  mrr: number | null;
  /** Search time only. */
  p50Ms: number;
  p95Ms: number;
}

/** hit@1/hit@5/MRR of each ranking variant over the answerable items (the question as asked). */
export async function rankingAblation(index: PolicyIndex, items: EvalItem[]): Promise<VariantFigures[]> {
  const answerable = items.filter((i) => i.answerable);
  const out: VariantFigures[] = [];
  const lexicon = lexiconOf(index);
  const questions = answerable.map((item) => analyse(item.question, lexicon));
  for (const [name, variant] of Object.entries(RANKING)) {
    const ranks: Array<number | undefined> = [];
    const ms: number[] = [];
    for (const [i, item] of answerable.entries()) {
      const result = await retrieve(index, questions[i]!, 10, variant);
      ranks.push(goldRank(item.gold, result.hits.map((h) => h.passage)));
      ms.push(result.ms);
    }
    out.push({ name, n: answerable.length, ...rankFigures(ranks), p50Ms: percentile(ms, 50), p95Ms: percentile(ms, 95) });
  }
  return out;
}

/** One line of --dump: what the lead reads to calibrate the answer path. */
export function dumpLine({ result, answer }: Evaluated): object {
  const { item } = result;
  return {
    id: item.id,
    set: item.set,
    lang: item.lang,
    type: item.type,
    question: item.question,
    answerable: item.answerable,
    ...(item.sourceHeldOut ? { sourceHeldOut: true } : {}),
    outcome: result.outcome,
    refused: answer.refused,
    goldRank: result.rank ?? null,
    keywordHit: result.keywordHit,
    support: result.support,
    ms: Math.round(result.ms * 10) / 10,
    answer: answer.text,
    citations: answer.citations.map((c) => c.passage.id),
    hits: answer.hits.map((h) => h.passage.id),
    ...(answer.evidence !== undefined ? { evidence: answer.evidence } : {}),
    ...(answer.judgement !== undefined ? { judgement: answer.judgement } : {}),
  };
}
