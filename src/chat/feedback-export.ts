/**
 * Votes as evaluation cases, one per answer, in the format of eval/dev.jsonl (see src/eval/sets.ts),
 * so `npm run eval -- --set feedback.jsonl` can run them:
 *  - 👍 (more up than down votes): a regression case — the cited sentences are the gold quotes;
 *    a 👍 on a refusal says the documents do not answer it (answerable: false).
 *  - 👎: a case to review — no gold yet (someone must find the passage that answers it, or mark it
 *    unanswerable); the answer given and its citations are kept as `bad` evidence of what went wrong.
 * A 👎 case is marked answerable until reviewed (a 👎 on a refusal most likely is; one on an answer
 * may instead be a question that should have been refused).
 */
import type { StoredCitation } from '../bot/chat-store.js';
import type { EvalQuestion } from '../eval/sets.js';
import { detectScript } from '../text/script.js';
import type { Vote } from './callback-data.js';
import type { FeedbackRecord } from './feedback-store.js';

export interface FeedbackCase extends EvalQuestion {
  feedback: {
    verdict: Vote;
    votes: { up: number; down: number };
    /** What the bot answered, and whether it refused. */
    answer: string;
    refused: boolean;
    indexVersion: string;
    answeredAt: string;
  };
  /** 👎 only: the citations of the rejected answer, as {doc, quote} like gold. */
  bad?: Array<{ doc: string; quote: string }>;
}

const LANG = { simplified: 'zh-Hans', traditional: 'zh-Hant', latin: 'en' } as const;

function evidence(citations: StoredCitation[]): Array<{ doc: string; quote: string }> {
  return citations.flatMap((c) => {
    const quotes = c.quoted.length > 0 ? c.quoted : [c.text.split(/(?<=[。！？；])/)[0] ?? c.text];
    return quotes.filter((q) => q.trim()).map((quote) => ({ doc: c.docId, quote }));
  });
}

/** One case per voted answer (votes of several users on one answer are counted together). */
export function feedbackCases(records: Iterable<FeedbackRecord>): FeedbackCase[] {
  const byAnswer = new Map<string, FeedbackRecord[]>();
  for (const r of records) {
    const key = `${r.chatId}:${r.answerId}`;
    byAnswer.set(key, [...(byAnswer.get(key) ?? []), r]);
  }
  return [...byAnswer.values()].map((votes) => {
    const r = votes[0]!;
    const tally = { up: votes.filter((v) => v.vote === 'up').length, down: votes.filter((v) => v.vote === 'down').length };
    const verdict: Vote = tally.up > tally.down ? 'up' : 'down'; // a tie is worth a look
    const cited = evidence(r.citations);
    const base = {
      id: `fb-${r.chatId}-${r.answerId}`.replace('--', '-n'),
      question: r.question,
      lang: LANG[detectScript(r.question)],
      keywords: [],
      feedback: { verdict, votes: tally, answer: r.answer, refused: r.refused, indexVersion: r.indexVersion, answeredAt: new Date(r.answeredAt).toISOString() },
    };
    if (verdict === 'up') return { ...base, answerable: !r.refused, type: r.refused ? 'unanswerable' : 'feedback', gold: r.refused ? [] : cited };
    return { ...base, answerable: true, type: 'feedback-review', gold: [], bad: cited };
  });
}
