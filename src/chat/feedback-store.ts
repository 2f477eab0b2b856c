/**
 * 👍 / 👎 votes on answers, in SQLite (DATA_DIR/feedback.sqlite, beside the chat state): each vote
 * with the question, the answer as given, its citations and the state of the index it was given on,
 * so a 👎 can be turned into an evaluation case (src/chat/feedback-export.ts, `npm run feedback`).
 * One vote per user per answer: voting again replaces it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StoredAnswer, StoredCitation } from '../bot/chat-store.js';
import type { Vote } from './callback-data.js';

export const FEEDBACK_FILE = 'feedback.sqlite';

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

/** Answers' index versions are kept this long (a vote on an older answer falls back to the current one). */
const KEEP_ANSWER_VERSIONS_MS = 90 * 24 * 3600_000;

export class FeedbackStore {
  private readonly db: Database.Database;

  constructor(dataDir: string, options: { readonly?: boolean } = {}) {
    if (!options.readonly) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, FEEDBACK_FILE), { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (options.readonly) return;
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS answered (
        chat_id INTEGER NOT NULL,
        answer_id INTEGER NOT NULL,
        index_version TEXT NOT NULL,
        answered_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, answer_id)
      );
      CREATE TABLE IF NOT EXISTS votes (
        chat_id INTEGER NOT NULL,
        answer_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        refused INTEGER NOT NULL,
        citations TEXT NOT NULL,
        index_version TEXT NOT NULL,
        answered_at INTEGER NOT NULL,
        voted_at INTEGER NOT NULL,
        PRIMARY KEY (chat_id, answer_id, user_id)
      );
    `);
  }

  /** Notes which index state an answer was given on (its vote may come after a reindex). */
  noteAnswer(answer: Pick<StoredAnswer, 'chatId' | 'id' | 'createdAt'>, indexVersion: string): void {
    this.db.prepare('INSERT OR REPLACE INTO answered (chat_id, answer_id, index_version, answered_at) VALUES (?, ?, ?, ?)').run(answer.chatId, answer.id, indexVersion, answer.createdAt);
    if (answer.id % 100 === 0) this.db.prepare('DELETE FROM answered WHERE answered_at < ?').run(Date.now() - KEEP_ANSWER_VERSIONS_MS);
  }

  /** Records a vote; a user's second vote on the same answer replaces the first. */
  vote(input: VoteInput): void {
    const { answer } = input;
    const noted = this.db.prepare('SELECT index_version FROM answered WHERE chat_id = ? AND answer_id = ?').pluck().get(answer.chatId, answer.id) as string | undefined;
    this.db
      .prepare(
        `INSERT INTO votes (chat_id, answer_id, user_id, vote, question, answer, refused, citations, index_version, answered_at, voted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, answer_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
      )
      .run(answer.chatId, answer.id, input.userId, input.vote, answer.question, answer.answer, answer.refused ? 1 : 0, JSON.stringify(answer.citations), noted ?? input.indexVersion, answer.createdAt, Date.now());
  }

  /** Current votes: a changed vote counts once, as it is now. */
  totals(): { up: number; down: number } {
    const rows = this.db.prepare('SELECT vote, COUNT(*) AS n FROM votes GROUP BY vote').all() as Array<{ vote: Vote; n: number }>;
    return { up: rows.find((r) => r.vote === 'up')?.n ?? 0, down: rows.find((r) => r.vote === 'down')?.n ?? 0 };
  }

  /** Every vote, oldest answer first. */
  *records(): IterableIterator<FeedbackRecord> {
    for (const row of this.db.prepare('SELECT * FROM votes ORDER BY answered_at, chat_id, answer_id, user_id').iterate() as IterableIterator<Row>) {
      yield {
        chatId: row.chat_id,
        answerId: row.answer_id,
        userId: row.user_id,
        vote: row.vote,
        question: row.question,
        answer: row.answer,
        refused: row.refused === 1,
        citations: JSON.parse(row.citations) as StoredCitation[],
        indexVersion: row.index_version,
        answeredAt: row.answered_at,
        votedAt: row.voted_at,
      };
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

interface Row {
  chat_id: number;
  answer_id: number;
  user_id: number;
  vote: Vote;
  question: string;
  answer: string;
  refused: number;
  citations: string;
  index_version: string;
  answered_at: number;
  voted_at: number;
}
