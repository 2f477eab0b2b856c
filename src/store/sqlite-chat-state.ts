/**
 * Chat state in SQLite (DATA_DIR/chats.sqlite): the embedded default, one process, nothing to
 * install. better-sqlite3 is synchronous; the methods return settled promises to fit the seam.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Answer } from '../answer/types.js';
import { citationSnapshots, KEEP_PER_CHAT, KEEP_UPDATE_IDS_MS, type ChatState, type StoredAnswer, type StoredCitation } from './chat-state.js';

export class SqliteChatState implements ChatState {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'chats.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        refused INTEGER NOT NULL,
        citations TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS answers_by_chat ON answers (chat_id, id);
      CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS handled_updates (update_id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS rate_limits (key TEXT PRIMARY KEY, hits INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS claimed_runs (key TEXT PRIMARY KEY, claimed_at INTEGER NOT NULL);
    `);
  }

  async claimUpdate(updateId: number): Promise<boolean> {
    const now = Date.now();
    const { changes } = this.db.prepare('INSERT OR IGNORE INTO handled_updates (update_id, received_at) VALUES (?, ?)').run(updateId, now);
    if (changes > 0 && updateId % 100 === 0) this.db.prepare('DELETE FROM handled_updates WHERE received_at < ?').run(now - KEEP_UPDATE_IDS_MS);
    return changes > 0;
  }

  async saveAnswer(chatId: number, question: string, answer: Answer): Promise<StoredAnswer> {
    const citations = citationSnapshots(answer);
    const createdAt = Date.now();
    const save = this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO answers (chat_id, question, answer, refused, citations, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(chatId, question, answer.text, answer.refused ? 1 : 0, JSON.stringify(citations), createdAt);
      this.db
        .prepare('DELETE FROM answers WHERE chat_id = ? AND id NOT IN (SELECT id FROM answers WHERE chat_id = ? ORDER BY id DESC LIMIT ?)')
        .run(chatId, chatId, KEEP_PER_CHAT);
      return Number(lastInsertRowid);
    });
    const id = save();
    return { id, chatId, question, answer: answer.text, refused: answer.refused, citations, createdAt };
  }

  async lastAnswer(chatId: number): Promise<StoredAnswer | undefined> {
    const row = this.db.prepare('SELECT * FROM answers WHERE chat_id = ? ORDER BY id DESC LIMIT 1').get(chatId) as Row | undefined;
    return row && fromRow(row);
  }

  async answer(chatId: number, id: number): Promise<StoredAnswer | undefined> {
    const row = this.db.prepare('SELECT * FROM answers WHERE chat_id = ? AND id = ?').get(chatId, id) as Row | undefined;
    return row && fromRow(row);
  }

  async increment(name: string): Promise<void> {
    this.db.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1').run(name);
  }

  async counter(name: string): Promise<number> {
    return (this.db.prepare('SELECT value FROM counters WHERE name = ?').get(name) as { value: number } | undefined)?.value ?? 0;
  }

  async claimRun(key: string): Promise<boolean> {
    return this.db.prepare('INSERT OR IGNORE INTO claimed_runs (key, claimed_at) VALUES (?, ?)').run(key, Date.now()).changes > 0;
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const now = Date.now();
    const row = this.db
      .prepare(
        `INSERT INTO rate_limits (key, hits, expires_at) VALUES (?, 1, ?)
         ON CONFLICT(key) DO UPDATE SET
           hits = CASE WHEN expires_at <= ? THEN 1 ELSE hits + 1 END,
           expires_at = CASE WHEN expires_at <= ? THEN excluded.expires_at ELSE expires_at END
         RETURNING hits`,
      )
      .get(key, now + windowMs, now, now) as { hits: number };
    return row.hits;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

interface Row {
  id: number;
  chat_id: number;
  question: string;
  answer: string;
  refused: number;
  citations: string;
  created_at: number;
}

function fromRow(row: Row): StoredAnswer {
  return {
    id: row.id,
    chatId: row.chat_id,
    question: row.question,
    answer: row.answer,
    refused: row.refused === 1,
    citations: JSON.parse(row.citations) as StoredCitation[],
    createdAt: row.created_at,
  };
}
