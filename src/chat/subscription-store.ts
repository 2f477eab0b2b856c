/**
 * Scheduled briefings in SQLite (DATA_DIR/subscriptions.sqlite): who subscribed to what, the last
 * slot each subscription claimed, and a catalogue of the indexed documents (id, content hash) with
 * the sequence number of the re-index that added or changed each one, so a digest can say what is
 * new since a subscription last heard.
 *
 * Restart safety: a slot (or a digest) is claimed — recorded in a committed transaction — before
 * anything is sent, so a crash or restart can lose one post but never repeat one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { normalizeForIndex } from '../text/normalize.js';
import type { Cadence } from './subscription-schedule.js';

export interface Subscription {
  id: number;
  chatId: number;
  /** The forum topic it was made in; posts go there. */
  threadId?: number;
  /** As the subscriber wrote it. */
  topic: string;
  cadence: Cadence;
  createdBy?: number;
  createdAt: number;
  /** Due time of the last slot claimed (or passed over when subscribing). */
  lastSlot: number;
  /** Catalogue changes up to this sequence number have been reported. */
  seenSeq: number;
  /** Set when sending failed for good (bot removed from the chat). */
  disabled?: { at: number; reason: string };
}

/** A document as the catalogue knows it. */
export interface CatalogueDocument {
  id: string;
  hash: string;
  title: string;
  date?: string;
}

export interface CatalogueChange {
  /** Sequence number of this state of the catalogue (0 before the first sync). */
  seq: number;
  added: number;
  changed: number;
  removed: number;
}

/** What one chat is told after a re-index. */
export interface Digest {
  chatId: number;
  threadId?: number;
  topics: string[];
  added: CatalogueDocument[];
  changed: CatalogueDocument[];
}

export interface NewSubscription {
  chatId: number;
  threadId?: number;
  topic: string;
  cadence: Cadence;
  userId?: number;
  now: number;
  /** The latest slot due at `now`: it is passed over, so the first post is the next one. */
  lastSlot: number;
}

export class SubscriptionStore {
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

  /**
   * Adds a subscription, or updates the chat's subscription to the same topic (either script):
   * new cadence, re-enabled if it had been disabled. Digests start from the catalogue as it is now.
   */
  subscribe(s: NewSubscription): { subscription: Subscription; created: boolean } {
    const key = topicKey(s.topic);
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? AND topic_key = ?').get(s.chatId, key) as Row | undefined;
      const seq = this.catalogueSeq();
      if (existing) {
        this.db
          .prepare(
            `UPDATE subscriptions SET topic = ?, cadence = ?, thread_id = ?, last_slot = MAX(last_slot, ?), seen_seq = CASE WHEN disabled_at IS NULL THEN seen_seq ELSE ? END,
               disabled_at = NULL, disabled_reason = NULL WHERE id = ?`,
          )
          .run(s.topic, s.cadence, s.threadId ?? null, s.lastSlot, seq, existing.id);
        return { subscription: this.byId(existing.id)!, created: false };
      }
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO subscriptions (chat_id, thread_id, topic, topic_key, cadence, created_by, created_at, last_slot, seen_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(s.chatId, s.threadId ?? null, s.topic, key, s.cadence, s.userId ?? null, s.now, s.lastSlot, seq);
      return { subscription: this.byId(Number(lastInsertRowid))!, created: true };
    })();
  }

  /** Removes the chat's subscription to `topic`, or all of them; returns the topics removed. */
  unsubscribe(chatId: number, topic?: string): string[] {
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

  /** The chat's subscriptions, disabled ones included, oldest first. */
  list(chatId: number): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY id').all(chatId) as Row[]).map(fromRow);
  }

  /** Every subscription still posting. */
  active(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE disabled_at IS NULL ORDER BY id').all() as Row[]).map(fromRow);
  }

  byId(id: number): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /**
   * Records `slot` as this subscription's, committed before anything is sent; false when it (or a
   * later one) was claimed already — by this process before a restart, or by another one.
   */
  claimSlot(id: number, slot: number): boolean {
    const { changes } = this.db.prepare('UPDATE subscriptions SET last_slot = ? WHERE id = ? AND last_slot < ? AND disabled_at IS NULL').run(slot, id, slot);
    return changes === 1;
  }

  /** Stops every subscription of a chat the bot can no longer post to. */
  disableChat(chatId: number, reason: string, now: number): number {
    return this.db.prepare('UPDATE subscriptions SET disabled_at = ?, disabled_reason = ? WHERE chat_id = ? AND disabled_at IS NULL').run(now, reason, chatId).changes;
  }

  /** A group that became a supergroup has a new id; its subscriptions follow it. */
  moveChat(from: number, to: number): void {
    this.db.prepare('UPDATE OR IGNORE subscriptions SET chat_id = ? WHERE chat_id = ?').run(to, from);
  }

  /** Sequence number of the catalogue's current state. */
  catalogueSeq(): number {
    return Number(this.setting('catalogue_seq') ?? 0);
  }

  private setting(name: string): string | number | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE name = ?').get(name) as { value: string | number } | undefined)?.value;
  }

  /**
   * Brings the catalogue in line with the index's documents. Added or changed documents get a new
   * sequence number; removed ones are dropped. The first sync is a baseline: nothing is reported
   * as new, since nothing is known about what came before.
   */
  syncCatalogue(documents: CatalogueDocument[]): CatalogueChange {
    // A start or re-index that changed nothing (the usual case) costs one hash, not a table scan.
    const fingerprint = createHash('sha256');
    for (const d of documents) fingerprint.update(`${d.id}\u0000${d.hash}\u0000${d.title}\u0000${d.date ?? ''}\n`);
    const print = fingerprint.digest('base64');
    if (print === this.setting('catalogue_print') && this.catalogueSeq() > 0) return { seq: this.catalogueSeq(), added: 0, changed: 0, removed: 0 };
    return this.db.transaction(() => {
      this.db.prepare("INSERT INTO settings (name, value) VALUES ('catalogue_print', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(print);
      const previous = this.catalogueSeq();
      const seq = previous + 1;
      const known = new Map((this.db.prepare('SELECT doc_id, hash, title, date FROM catalogue').all() as CatalogueRow[]).map((r) => [r.doc_id, r]));
      const insert = this.db.prepare('INSERT INTO catalogue (doc_id, hash, title, date, added_seq, changed_seq) VALUES (?, ?, ?, ?, ?, ?)');
      const update = this.db.prepare('UPDATE catalogue SET hash = ?, title = ?, date = ?, changed_seq = ? WHERE doc_id = ?');
      const retitle = this.db.prepare('UPDATE catalogue SET title = ?, date = ? WHERE doc_id = ?');
      const remove = this.db.prepare('DELETE FROM catalogue WHERE doc_id = ?');
      let added = 0;
      let changed = 0;
      for (const d of documents) {
        const row = known.get(d.id);
        known.delete(d.id);
        if (row === undefined) {
          insert.run(d.id, d.hash, d.title, d.date ?? null, seq, seq);
          added++;
        } else if (row.hash !== d.hash) {
          update.run(d.hash, d.title, d.date ?? null, seq, d.id);
          changed++;
        } else if (row.title !== d.title || row.date !== (d.date ?? null)) {
          retitle.run(d.title, d.date ?? null, d.id); // the same file read better (new metadata rules): not news
        }
      }
      for (const id of known.keys()) remove.run(id);
      const removed = known.size;
      if (added + changed + removed === 0 && previous > 0) return { seq: previous, added, changed, removed };
      this.db.prepare("INSERT INTO settings (name, value) VALUES ('catalogue_seq', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(seq);
      if (previous === 0) this.db.prepare('UPDATE subscriptions SET seen_seq = ? WHERE seen_seq < ?').run(seq, seq);
      return { seq, added, changed, removed };
    })();
  }

  /** Chats with an active subscription that has not heard of the catalogue's latest changes. */
  chatsBehind(): number[] {
    return this.db.prepare('SELECT DISTINCT chat_id FROM subscriptions WHERE disabled_at IS NULL AND seen_seq < ? ORDER BY chat_id').pluck().all(this.catalogueSeq()) as number[];
  }

  /**
   * Claims the chat's digest: what was added or changed since its subscriptions last heard, marked
   * as heard in the same transaction (before it is sent). Undefined when there is nothing to tell.
   */
  claimDigest(chatId: number): Digest | undefined {
    return this.db.transaction(() => {
      const seq = this.catalogueSeq();
      const subs = (this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ? AND disabled_at IS NULL ORDER BY id').all(chatId) as Row[]).map(fromRow);
      const behind = subs.filter((s) => s.seenSeq < seq);
      if (behind.length === 0) return undefined;
      const since = Math.min(...behind.map((s) => s.seenSeq));
      this.db.prepare('UPDATE subscriptions SET seen_seq = ? WHERE chat_id = ? AND disabled_at IS NULL AND seen_seq < ?').run(seq, chatId, seq);
      const rows = this.db.prepare('SELECT * FROM catalogue WHERE changed_seq > ? ORDER BY changed_seq, doc_id').all(since) as CatalogueRow[];
      if (rows.length === 0) return undefined;
      const document = (r: CatalogueRow): CatalogueDocument => ({ id: r.doc_id, hash: r.hash, title: r.title, date: r.date ?? undefined });
      return {
        chatId,
        threadId: subs[0]!.threadId,
        topics: subs.map((s) => s.topic),
        added: rows.filter((r) => r.added_seq > since).map(document),
        changed: rows.filter((r) => r.added_seq <= since).map(document),
      };
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Topics match whatever script or width they are written in: 新材料 = 新材料, 氫能 = 氢能. */
export function topicKey(topic: string): string {
  return normalizeForIndex(topic).replace(/\s+/g, ' ');
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
