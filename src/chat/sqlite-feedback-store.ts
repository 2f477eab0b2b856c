/**
 * Votes in SQLite (DATA_DIR/feedback.sqlite, beside the chat state): the embedded default. better-sqlite3
 * is synchronous; the methods return settled promises to fit the seam.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StoredAnswer, StoredCitation } from '../bot/chat-store.js';
import type { Vote } from './callback-data.js';
import { KEEP_ANSWER_VERSIONS_MS, type FeedbackRecord, type FeedbackStore, type VoteInput } from './feedback-store.js';

export const FEEDBACK_FILE = 'feedback.sqlite';

export class SqliteFeedbackStore implements FeedbackStore {
  readonly kind = 'sqlite';
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

  async noteAnswer(answer: Pick<StoredAnswer, 'chatId' | 'id' | 'createdAt'>, indexVersion: string): Promise<void> {
    this.db.prepare('INSERT OR REPLACE INTO answered (chat_id, answer_id, index_version, answered_at) VALUES (?, ?, ?, ?)').run(answer.chatId, answer.id, indexVersion, answer.createdAt);
    if (answer.id % 100 === 0) this.db.prepare('DELETE FROM answered WHERE answered_at < ?').run(Date.now() - KEEP_ANSWER_VERSIONS_MS);
  }

  async vote(input: VoteInput): Promise<void> {
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

  async totals(): Promise<{ up: number; down: number }> {
    const rows = this.db.prepare('SELECT vote, COUNT(*) AS n FROM votes GROUP BY vote').all() as Array<{ vote: Vote; n: number }>;
    return { up: rows.find((r) => r.vote === 'up')?.n ?? 0, down: rows.find((r) => r.vote === 'down')?.n ?? 0 };
  }

  async records(): Promise<FeedbackRecord[]> {
    const rows = this.db.prepare('SELECT * FROM votes ORDER BY answered_at, chat_id, answer_id, user_id').all() as Row[];
    return rows.map((row) => ({
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
    }));
  }

  async close(): Promise<void> {
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
