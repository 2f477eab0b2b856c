/**
 * Votes in PostgreSQL (migration 4), shared by every instance: a 👍 pressed on instance B for an
 * answer given by instance A is stored with A's index version, /stats counts every instance's votes,
 * and `npm run feedback` exports them all.
 */
import type { StoredAnswer, StoredCitation } from '../bot/chat-store.js';
import type { Pool } from '../store/postgres.js';
import type { Vote } from './callback-data.js';
import { KEEP_ANSWER_VERSIONS_MS, type FeedbackRecord, type FeedbackStore, type VoteInput } from './feedback-store.js';

export class PgFeedbackStore implements FeedbackStore {
  readonly kind = 'postgres';

  /** `ownsPool`: close() ends the pool (false when the chat state shares it). */
  constructor(
    private readonly pool: Pool,
    private readonly ownsPool = false,
  ) {}

  async noteAnswer(answer: Pick<StoredAnswer, 'chatId' | 'id' | 'createdAt'>, indexVersion: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO feedback_answered (chat_id, answer_id, index_version, answered_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chat_id, answer_id) DO UPDATE SET index_version = excluded.index_version, answered_at = excluded.answered_at`,
      [answer.chatId, answer.id, indexVersion, answer.createdAt],
    );
    if (answer.id % 100 === 0) await this.pool.query('DELETE FROM feedback_answered WHERE answered_at < $1', [Date.now() - KEEP_ANSWER_VERSIONS_MS]);
  }

  async vote(input: VoteInput): Promise<void> {
    const { answer } = input;
    // The noted version is looked up in the same statement, so a vote never pairs with a half-noted answer.
    await this.pool.query(
      `INSERT INTO feedback_votes (chat_id, answer_id, user_id, vote, question, answer, refused, citations, index_version, answered_at, voted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
         COALESCE((SELECT index_version FROM feedback_answered WHERE chat_id = $1 AND answer_id = $2), $9), $10, $11)
       ON CONFLICT (chat_id, answer_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
      [answer.chatId, answer.id, input.userId, input.vote, answer.question, answer.answer, answer.refused, JSON.stringify(answer.citations), input.indexVersion, answer.createdAt, Date.now()],
    );
  }

  async totals(): Promise<{ up: number; down: number }> {
    const { rows } = await this.pool.query<{ vote: Vote; n: string }>('SELECT vote, COUNT(*) AS n FROM feedback_votes GROUP BY vote');
    const count = (vote: Vote) => Number(rows.find((r) => r.vote === vote)?.n ?? 0);
    return { up: count('up'), down: count('down') };
  }

  async records(): Promise<FeedbackRecord[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM feedback_votes ORDER BY answered_at, chat_id, answer_id, user_id');
    return rows.map((row) => ({
      chatId: Number(row.chat_id),
      answerId: Number(row.answer_id),
      userId: Number(row.user_id),
      vote: row.vote,
      question: row.question,
      answer: row.answer,
      refused: row.refused,
      citations: row.citations,
      indexVersion: row.index_version,
      answeredAt: Number(row.answered_at),
      votedAt: Number(row.voted_at),
    }));
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}

/** BIGINT columns arrive as strings (node-postgres keeps 64-bit integers exact). */
interface Row {
  chat_id: string;
  answer_id: string;
  user_id: string;
  vote: Vote;
  question: string;
  answer: string;
  refused: boolean;
  citations: StoredCitation[];
  index_version: string;
  answered_at: string;
  voted_at: string;
}
