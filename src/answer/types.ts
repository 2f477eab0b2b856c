/** What the answering pipeline returns to the CLI, the terminal chat and the bot. */
import type { Passage } from '../ingest/types.js';

export interface Citation {
  /** The number used in the answer's [n] markers. */
  n: number;
  passage: Passage;
  title: string;
  date?: string;
  /** Sentences of the passage the answer quotes (for highlighting). */
  quoted: string[];
}

export interface Answer {
  text: string;
  citations: Citation[];
  refused: boolean;
  mode: 'model' | 'extractive';
  /** One-line notices (e.g. the model was unavailable, the documents are in Chinese). */
  notices: string[];
}
