/** What the answering pipeline returns to the CLI, the terminal chat and the bot. */
import type { Passage } from '../ingest/types.js';

export interface Citation {
  /** The number used in the answer's [n] markers. */
  n: number;
  passage: Passage;
  title: string;
  date?: string;
  /** Sentences (or the clauses of them) of the passage the answer quotes, for highlighting. */
  quoted: string[];
}

/**
 * answer: every part of the question is answered from the documents; partial: some parts are,
 * and the answer says plainly which are not; refused: the documents do not answer it.
 */
export type Outcome = 'answer' | 'partial' | 'refused';

export interface Answer {
  text: string;
  citations: Citation[];
  outcome: Outcome;
  /** outcome === 'refused', for callers that only need to know whether anything was answered. */
  refused: boolean;
  mode: 'model' | 'extractive';
  /** One-line notices (e.g. the model was unavailable, the documents are in Chinese). */
  notices: string[];
}

export function withOutcome<T extends Omit<Answer, 'outcome' | 'refused'>>(answer: T, outcome: Outcome): T & Pick<Answer, 'outcome' | 'refused'> {
  return { ...answer, outcome, refused: outcome === 'refused' };
}
