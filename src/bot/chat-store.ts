/**
 * Per-chat state in SQLite (DATA_DIR/chats.sqlite): each chat's recent answers with snapshots of
 * their cited passages (so /source works after a restart or a reindex), follow-up context, and the
 * counters /stats reports, and the update ids already handled (Telegram may deliver an update
 * again — a webhook retry, polling after a restart — and it must be answered once).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { storedSourceFields, type StoredSourceFields } from '../answer/format.js';
import type { Answer } from '../answer/types.js';

export interface StoredCitation extends StoredSourceFields {
  n: number;
  passageId: string;
  docId: string;
  /** Position of the passage in its document (for stepping to neighbours). */
  index: number;
  title: string;
  date?: string;
  section: string[];
  text: string;
  start: number;
  end: number;
  quoted: string[];
}

export interface StoredAnswer {
  id: number;
  chatId: number;
  question: string;
  answer: string;
  refused: boolean;
  citations: StoredCitation[];
  createdAt: number;
}

/** Answers kept per chat; older ones (and their buttons) expire. */
const KEEP_PER_CHAT = 50;
/** Handled update ids are remembered this long (Telegram keeps undelivered updates for 24 h). */
const KEEP_UPDATE_IDS_MS = 48 * 3600_000;

export class ChatStore {
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
    `);
  }

  /** Records an update id; false when it was already handled (a redelivery to ignore). */
  claimUpdate(updateId: number): boolean {
    const now = Date.now();
    const { changes } = this.db.prepare('INSERT OR IGNORE INTO handled_updates (update_id, received_at) VALUES (?, ?)').run(updateId, now);
    if (changes > 0 && updateId % 100 === 0) this.db.prepare('DELETE FROM handled_updates WHERE received_at < ?').run(now - KEEP_UPDATE_IDS_MS);
    return changes > 0;
  }

  saveAnswer(chatId: number, question: string, answer: Answer): StoredAnswer {
    const citations: StoredCitation[] = answer.citations.map((c) => ({
      n: c.n,
      passageId: c.passage.id,
      docId: c.passage.docId,
      index: c.passage.index,
      title: c.title,
      date: c.date,
      section: c.passage.section,
      text: c.passage.text,
      start: c.passage.start,
      end: c.passage.end,
      quoted: c.quoted,
      ...storedSourceFields(c),
    }));
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

  lastAnswer(chatId: number): StoredAnswer | undefined {
    const row = this.db.prepare('SELECT * FROM answers WHERE chat_id = ? ORDER BY id DESC LIMIT 1').get(chatId) as Row | undefined;
    return row && fromRow(row);
  }

  /** An answer of this chat by id (inline buttons carry it); other chats' answers are not visible. */
  answer(chatId: number, id: number): StoredAnswer | undefined {
    const row = this.db.prepare('SELECT * FROM answers WHERE chat_id = ? AND id = ?').get(chatId, id) as Row | undefined;
    return row && fromRow(row);
  }

  increment(name: string): void {
    this.db.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1').run(name);
  }

  counter(name: string): number {
    return (this.db.prepare('SELECT value FROM counters WHERE name = ?').get(name) as { value: number } | undefined)?.value ?? 0;
  }

  close(): void {
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
