/**
 * 👍 / 👎 votes on answers: each vote with the question, the answer as given, its citations and the
 * state of the index it was given on, so a 👎 can be turned into an evaluation case
 * (src/chat/feedback-export.ts, `npm run feedback`). One vote per user per answer: voting again
 * replaces it. Two implementations, chosen like the chat state: SQLite in DATA_DIR (one process,
 * the default; sqlite-feedback-store.ts) and PostgreSQL (DATABASE_URL, votes shared by every
 * instance; pg-feedback-store.ts). Async because the shared one talks to a server.
 */
import type { StoredAnswer, StoredCitation } from '../bot/chat-store.js';
import type { Vote } from './callback-data.js';

export interface FeedbackRecord {
  chatId: number;
  answerId: number;
  userId: number;
  vote: Vote;
  question: string;
  answer: string;
  refused: boolean;
  citations: StoredCitation[];
  /** The index state the answer was given on (the state at vote time if that is unknown). */
  indexVersion: string;
  answeredAt: number;
  votedAt: number;
}

export interface VoteInput {
  answer: StoredAnswer;
  userId: number;
  vote: Vote;
  /** The index state now, used only when the answer's own was not noted. */
  indexVersion: string;
}

export interface FeedbackStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Notes which index state an answer was given on (its vote may come after a reindex). */
  noteAnswer(answer: Pick<StoredAnswer, 'chatId' | 'id' | 'createdAt'>, indexVersion: string): Promise<void>;
  /** Records a vote; a user's second vote on the same answer replaces the first. */
  vote(input: VoteInput): Promise<void>;
  /** Current votes: a changed vote counts once, as it is now. */
  totals(): Promise<{ up: number; down: number }>;
  /** Every vote, oldest answer first (votes are people pressing buttons: few enough for a list). */
  records(): Promise<FeedbackRecord[]>;
  close(): Promise<void>;
}

/** Answers' index versions are kept this long (a vote on an older answer falls back to the current one). */
export const KEEP_ANSWER_VERSIONS_MS = 90 * 24 * 3600_000;
