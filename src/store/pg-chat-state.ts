/**
 * Chat state in PostgreSQL, shared by every instance: an answer saved by one is the "last answer"
 * for /source on another; counters and rate limits count across instances.
 */
import type { Answer } from '../answer/types.js';
import { citationSnapshots, KEEP_PER_CHAT, KEEP_UPDATE_IDS_MS, type ChatState, type StoredAnswer, type StoredCitation } from './chat-state.js';
import { inTransaction, type Pool } from './postgres.js';

export class PgChatState implements ChatState {
  readonly kind = 'postgres';

  /** `ownsPool`: close() ends the pool (false when others share it). */
  constructor(
    readonly pool: Pool,
    private readonly ownsPool = true,
  ) {}

  async claimUpdate(updateId: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      "INSERT INTO updates (update_id, chat_key, state) VALUES ($1, '', 'done') ON CONFLICT (update_id) DO NOTHING",
      [updateId],
    );
    if (rowCount && updateId % 100 === 0) await forgetOldUpdates(this.pool);
    return (rowCount ?? 0) > 0;
  }

  async saveAnswer(chatId: number, question: string, answer: Answer): Promise<StoredAnswer> {
    const citations = citationSnapshots(answer);
    const createdAt = Date.now();
    const id = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO answers (chat_id, question, answer, refused, citations, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
        [chatId, question, answer.text, answer.refused, JSON.stringify(citations), createdAt],
      );
      await client.query('DELETE FROM answers WHERE chat_id = $1 AND id NOT IN (SELECT id FROM answers WHERE chat_id = $1 ORDER BY id DESC LIMIT $2)', [chatId, KEEP_PER_CHAT]);
      return Number(rows[0]!.id);
    });
    return { id, chatId, question, answer: answer.text, refused: answer.refused, citations, createdAt };
  }

  async lastAnswer(chatId: number): Promise<StoredAnswer | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM answers WHERE chat_id = $1 ORDER BY id DESC LIMIT 1', [chatId]);
    return rows[0] && fromRow(rows[0]);
  }

  async answer(chatId: number, id: number): Promise<StoredAnswer | undefined> {
    if (!Number.isSafeInteger(id)) return undefined;
    const { rows } = await this.pool.query<Row>('SELECT * FROM answers WHERE chat_id = $1 AND id = $2', [chatId, id]);
    return rows[0] && fromRow(rows[0]);
  }

  async increment(name: string): Promise<void> {
    await this.pool.query('INSERT INTO counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1', [name]);
  }

  async counter(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM counters WHERE name = $1', [name]);
    return rows[0] ? Number(rows[0].value) : 0;
  }

  async claimRun(key: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('INSERT INTO claimed_runs (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [key]);
    return (rowCount ?? 0) > 0;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const { rows } = await this.pool.query<{ hits: number }>(
      `INSERT INTO rate_limits (key, hits, expires_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.expires_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
         expires_at = CASE WHEN rate_limits.expires_at <= now() THEN excluded.expires_at ELSE rate_limits.expires_at END
       RETURNING hits`,
      [key, windowMs],
    );
    return rows[0]!.hits;
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}

export async function forgetOldUpdates(pool: Pool): Promise<void> {
  await pool.query("DELETE FROM updates WHERE state = 'done' AND received_at < now() - $1 * interval '1 millisecond'", [KEEP_UPDATE_IDS_MS]);
}

interface Row {
  id: string;
  chat_id: string;
  question: string;
  answer: string;
  refused: boolean;
  citations: StoredCitation[];
  created_at: string;
}

function fromRow(row: Row): StoredAnswer {
  return {
    id: Number(row.id),
    chatId: Number(row.chat_id),
    question: row.question,
    answer: row.answer,
    refused: row.refused,
    citations: row.citations,
    createdAt: Number(row.created_at),
  };
}
