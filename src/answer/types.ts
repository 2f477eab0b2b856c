/** What the answering pipeline returns to the CLI, the terminal chat and the bot. */
import type { DocumentKind, Passage, PolicyStatus } from '../ingest/types.js';

export interface Citation {
  /** The number used in the answer's [n] markers. */
  n: number;
  passage: Passage;
  title: string;
  date?: string;
  /** Sentences (or the clauses of them) of the passage the answer quotes, for highlighting. */
  quoted: string[];
  /** The document's policy metadata, where it has it (see ingest/policy-metadata.ts). */
  kind?: DocumentKind;
  docNumber?: string;
  issuer?: string;
  /** Publisher of a news article or report. */
  source?: string;
  /** Status today: only worth showing when it is not in force. */
  status?: PolicyStatus;
  /** The original file, as a path inside the knowledge folder (the document id). */
  file?: string;
  /** 1-based lines of the original file the passage spans, first and last. */
  lines?: [number, number];
  /** Offsets (UTF-16 code units) in the decoded original file: the passage is fileStart..fileEnd. */
  fileStart?: number;
  fileEnd?: number;
  /** First and last page, for paginated originals (PDF). */
  pages?: [number, number];
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
