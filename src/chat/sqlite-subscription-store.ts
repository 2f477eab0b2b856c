/**
 * Scheduled briefings in SQLite (DATA_DIR/subscriptions.sqlite): the embedded default, one process.
 * better-sqlite3 is synchronous; the methods return settled promises to fit the seam
 * (subscription-store.ts says what each one does).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Cadence } from './subscription-schedule.js';
import {
  catalogueDiff,
  catalogueFingerprint,
  digestOf,
  heardUpTo,
  topicKey,
  type CatalogueChange,
  type CatalogueDocument,
  type Digest,
  type NewSubscription,
  type Subscription,
  type SubscriptionStore,
} from './subscription-store.js';

export class SqliteSubscriptionStore implements SubscriptionStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'subscriptions.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS subscriptions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        thread_id INTEGER,
        topic TEXT NOT NULL,
        topic_key TEXT NOT NULL,
        cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
        created_by INTEGER,
        created_at INTEGER NOT NULL,
        last_slot INTEGER NOT NULL,
        seen_seq INTEGER NOT NULL,
        disabled_at INTEGER,
        disabled_reason TEXT,
        UNIQUE (chat_id, topic_key)
      );
      CREATE TABLE IF NOT EXISTS catalogue (
        doc_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT,
        added_seq INTEGER NOT NULL,
        changed_seq INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS catalogue_by_change ON catalogue (changed_seq);
      CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value NOT NULL);
    `);
  }

  async subscribe(s: NewSubscription): Promise<{ subscription: Subscription; created: boolean }> {
    const key = topicKey(s.topic);
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? AND topic_key = ?').get(s.chatId, key) as Row | undefined;
      const seq = this.seq();
      if (existing) {
        this.db
          .prepare(
            `UPDATE subscriptions SET topic = ?, cadence = ?, thread_id = ?, last_slot = MAX(last_slot, ?), seen_seq = CASE WHEN disabled_at IS NULL THEN seen_seq ELSE ? END,
               disabled_at = NULL, disabled_reason = NULL WHERE id = ?`,
          )
          .run(s.topic, s.cadence, s.threadId ?? null, s.lastSlot, seq, existing.id);
        return { subscription: this.row(existing.id)!, created: false };
      }
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO subscriptions (chat_id, thread_id, topic, topic_key, cadence, created_by, created_at, last_slot, seen_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(s.chatId, s.threadId ?? null, s.topic, key, s.cadence, s.userId ?? null, s.now, s.lastSlot, seq);
      return { subscription: this.row(Number(lastInsertRowid))!, created: true };
    })();
  }

  async unsubscribe(chatId: number, topic?: string): Promise<string[]> {
    return this.db.transaction(() => {
      const rows = (
        topic === undefined
          ? this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY id').all(chatId)
          : this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? AND topic_key = ?').all(chatId, topicKey(topic))
      ) as Row[];
      for (const row of rows) this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(row.id);
      return rows.map((r) => r.topic);
    })();
  }

  async list(chatId: number): Promise<Subscription[]> {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY id').all(chatId) as Row[]).map(fromRow);
  }

  async active(): Promise<Subscription[]> {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE disabled_at IS NULL ORDER BY id').all() as Row[]).map(fromRow);
  }

  async byId(id: number): Promise<Subscription | undefined> {
    return this.row(id);
  }

  private row(id: number): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  async claimSlot(id: number, slot: number): Promise<boolean> {
    const { changes } = this.db.prepare('UPDATE subscriptions SET last_slot = ? WHERE id = ? AND last_slot < ? AND disabled_at IS NULL').run(slot, id, slot);
    return changes === 1;
  }

  async disableChat(chatId: number, reason: string, now: number): Promise<number> {
    return this.db.prepare('UPDATE subscriptions SET disabled_at = ?, disabled_reason = ? WHERE chat_id = ? AND disabled_at IS NULL').run(now, reason, chatId).changes;
  }

  async moveChat(from: number, to: number): Promise<void> {
    this.db.prepare('UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?').run(to, from);
  }

  async catalogueSeq(): Promise<number> {
    return this.seq();
  }

  private seq(): number {
    return Number(this.setting('catalogue_seq') ?? 0);
  }

  private setting(name: string): string | number | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE name = ?').get(name) as { value: string | number } | undefined)?.value;
  }

  /** One process: the documents are always the index it has now, so `kbVersion` is not needed. */
  async syncCatalogue(documents: CatalogueDocument[]): Promise<CatalogueChange> {
    const print = catalogueFingerprint(documents);
    if (print === this.setting('catalogue_print') && this.seq() > 0) return { seq: this.seq(), added: 0, changed: 0, removed: 0 };
    return this.db.transaction(() => {
      this.db.prepare("INSERT INTO settings (name, value) VALUES ('catalogue_print', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(print);
      const previous = this.seq();
      const seq = previous + 1;
      const rows = this.db.prepare('SELECT doc_id, hash, title, date FROM catalogue').all() as CatalogueRow[];
      const diff = catalogueDiff(new Map(rows.map((r) => [r.doc_id, { id: r.doc_id, hash: r.hash, title: r.title, date: r.date ?? undefined }])), documents);
      const insert = this.db.prepare('INSERT INTO catalogue (doc_id, hash, title, date, added_seq, changed_seq) VALUES (?, ?, ?, ?, ?, ?)');
      const update = this.db.prepare('UPDATE catalogue SET hash = ?, title = ?, date = ?, changed_seq = ? WHERE doc_id = ?');
      const retitle = this.db.prepare('UPDATE catalogue SET title = ?, date = ? WHERE doc_id = ?');
      const remove = this.db.prepare('DELETE FROM catalogue WHERE doc_id = ?');
      for (const d of diff.insert) insert.run(d.id, d.hash, d.title, d.date ?? null, seq, seq);
      for (const d of diff.update) update.run(d.hash, d.title, d.date ?? null, seq, d.id);
      for (const d of diff.retitle) retitle.run(d.title, d.date ?? null, d.id);
      for (const id of diff.remove) remove.run(id);
      const change = { added: diff.insert.length, changed: diff.update.length, removed: diff.remove.length };
      if (change.added + change.changed + change.removed === 0 && previous > 0) return { seq: previous, ...change };
      this.db.prepare("INSERT INTO settings (name, value) VALUES ('catalogue_seq', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(seq);
      if (previous === 0) this.db.prepare('UPDATE subscriptions SET seen_seq = ? WHERE seen_seq < ?').run(seq, seq);
      return { seq, ...change };
    })();
  }

  async chatsBehind(): Promise<number[]> {
    return this.db.prepare('SELECT DISTINCT chat_id FROM subscriptions WHERE disabled_at IS NULL AND seen_seq < ? ORDER BY chat_id').pluck().all(this.seq()) as number[];
  }

  async claimDigest(chatId: number): Promise<Digest | undefined> {
    return this.db.transaction(() => {
      const seq = this.seq();
      const subs = (this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? AND disabled_at IS NULL ORDER BY id').all(chatId) as Row[]).map(fromRow);
      const since = heardUpTo(subs, seq);
      if (since === undefined) return undefined;
      this.db.prepare('UPDATE subscriptions SET seen_seq = ? WHERE chat_id = ? AND disabled_at IS NULL AND seen_seq < ?').run(seq, chatId, seq);
      const rows = this.db.prepare('SELECT * FROM catalogue WHERE changed_seq > ? ORDER BY changed_seq, doc_id').all(since) as CatalogueRow[];
      return digestOf(
        chatId,
        subs,
        since,
        rows.map((r) => ({ id: r.doc_id, hash: r.hash, title: r.title, date: r.date ?? undefined, addedSeq: r.added_seq, changedSeq: r.changed_seq })),
      );
    })();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

interface Row {
  id: number;
  chat_id: number;
  thread_id: number | null;
  topic: string;
  topic_key: string;
  cadence: Cadence;
  created_by: number | null;
  created_at: number;
  last_slot: number;
  seen_seq: number;
  disabled_at: number | null;
  disabled_reason: string | null;
}

interface CatalogueRow {
  doc_id: string;
  hash: string;
  title: string;
  date: string | null;
  added_seq: number;
  changed_seq: number;
}

function fromRow(row: Row): Subscription {
  return {
    id: row.id,
    chatId: row.chat_id,
    threadId: row.thread_id ?? undefined,
    topic: row.topic,
    cadence: row.cadence,
    createdBy: row.created_by ?? undefined,
    createdAt: row.created_at,
    lastSlot: row.last_slot,
    seenSeq: row.seen_seq,
    disabled: row.disabled_at !== null ? { at: row.disabled_at, reason: row.disabled_reason ?? '' } : undefined,
  };
}
