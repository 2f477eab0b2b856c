/**
 * Scheduled briefings in PostgreSQL (migration 5), shared by every instance: a subscription made on
 * one is seen by all, and each slot and each digest is claimed by exactly one of them — a slot by a
 * conditional UPDATE of its subscription's row (the second instance finds last_slot already there),
 * a digest by moving the chat's seen_seq under a row lock in the transaction that reads it.
 * The catalogue row (subscription_state) is locked by a sync, so instances syncing at once after a
 * re-index make one new catalogue state, not two.
 */
import type { PoolClient } from 'pg';
import { inTransaction, type Pool } from '../store/postgres.js';
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

type Queryable = Pool | PoolClient;

export class PgSubscriptionStore implements SubscriptionStore {
  readonly kind = 'postgres';

  /** `ownsPool`: close() ends the pool (false when the chat state shares it). */
  constructor(
    private readonly pool: Pool,
    private readonly ownsPool = false,
  ) {}

  async subscribe(s: NewSubscription): Promise<{ subscription: Subscription; created: boolean }> {
    // One statement, so two instances subscribing a chat to the same topic at once make one row.
    // xmax = 0 only on a freshly inserted row: that tells a new subscription from an updated one.
    const { rows } = await this.pool.query<Row & { created: boolean }>(
      `INSERT INTO subscriptions (chat_id, thread_id, topic, topic_key, cadence, created_by, created_at, last_slot, seen_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT catalogue_seq FROM subscription_state WHERE id = 1))
       ON CONFLICT (chat_id, topic_key) DO UPDATE SET
         topic = excluded.topic, cadence = excluded.cadence, thread_id = excluded.thread_id,
         last_slot = GREATEST(subscriptions.last_slot, excluded.last_slot),
         seen_seq = CASE WHEN subscriptions.disabled_at IS NULL THEN subscriptions.seen_seq ELSE excluded.seen_seq END,
         disabled_at = NULL, disabled_reason = NULL
       RETURNING *, (xmax = 0) AS created`,
      [s.chatId, s.threadId ?? null, s.topic, topicKey(s.topic), s.cadence, s.userId ?? null, s.now, s.lastSlot],
    );
    return { subscription: fromRow(rows[0]!), created: rows[0]!.created };
  }

  async unsubscribe(chatId: number, topic?: string): Promise<string[]> {
    const { rows } =
      topic === undefined
        ? await this.pool.query<Row>('DELETE FROM subscriptions WHERE chat_id = $1 RETURNING *', [chatId])
        : await this.pool.query<Row>('DELETE FROM subscriptions WHERE chat_id = $1 AND topic_key = $2 RETURNING *', [chatId, topicKey(topic)]);
    return rows.map(fromRow).sort((a, b) => a.id - b.id).map((s) => s.topic);
  }

  async list(chatId: number): Promise<Subscription[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM subscriptions WHERE chat_id = $1 ORDER BY id', [chatId]);
    return rows.map(fromRow);
  }

  async active(): Promise<Subscription[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM subscriptions WHERE disabled_at IS NULL ORDER BY id');
    return rows.map(fromRow);
  }

  async byId(id: number): Promise<Subscription | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM subscriptions WHERE id = $1', [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async claimSlot(id: number, slot: number): Promise<boolean> {
    // An instance claiming at the same moment waits for the row, then finds last_slot = slot: no row.
    const { rowCount } = await this.pool.query('UPDATE subscriptions SET last_slot = $2 WHERE id = $1 AND last_slot < $2 AND disabled_at IS NULL', [id, slot]);
    return rowCount === 1;
  }

  async disableChat(chatId: number, reason: string, now: number): Promise<number> {
    const { rowCount } = await this.pool.query('UPDATE subscriptions SET disabled_at = $2, disabled_reason = $3 WHERE chat_id = $1 AND disabled_at IS NULL', [chatId, now, reason]);
    return rowCount ?? 0;
  }

  async moveChat(from: number, to: number): Promise<void> {
    // Topics the new chat already has stay behind, like SQLite's UPDATE OR IGNORE.
    await this.pool.query('UPDATE subscriptions SET chat_id = $2 WHERE chat_id = $1 AND topic_key NOT IN (SELECT topic_key FROM subscriptions WHERE chat_id = $2)', [from, to]);
  }

  async catalogueSeq(): Promise<number> {
    return (await state(this.pool)).seq;
  }

  async syncCatalogue(documents: CatalogueDocument[], kbVersion = 0): Promise<CatalogueChange> {
    const print = catalogueFingerprint(documents);
    return inTransaction(this.pool, async (client) => {
      const current = await state(client, 'FOR UPDATE');
      const unchanged = { seq: current.seq, added: 0, changed: 0, removed: 0 };
      // An instance that has not caught up with the shared version yet must not roll the catalogue back.
      if (kbVersion < current.kbVersion) return unchanged;
      if (print === current.print && current.seq > 0) {
        await client.query('UPDATE subscription_state SET kb_version = $1 WHERE id = 1', [kbVersion]);
        return unchanged;
      }
      const previous = current.seq;
      const seq = previous + 1;
      const { rows } = await client.query<CatalogueRow>('SELECT doc_id, hash, title, date FROM subscription_catalogue');
      const diff = catalogueDiff(new Map(rows.map((r) => [r.doc_id, { id: r.doc_id, hash: r.hash, title: r.title, date: r.date ?? undefined }])), documents);
      // Whole arrays per statement: tens of thousands of documents are a few round trips, not one each.
      const columns = (docs: CatalogueDocument[]) => [docs.map((d) => d.id), docs.map((d) => d.hash), docs.map((d) => d.title), docs.map((d) => d.date ?? null)];
      const unnest = 'unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(doc_id, hash, title, date)';
      if (diff.insert.length > 0) {
        await client.query(`INSERT INTO subscription_catalogue (doc_id, hash, title, date, added_seq, changed_seq) SELECT u.*, $5, $5 FROM ${unnest}`, [...columns(diff.insert), seq]);
      }
      if (diff.update.length > 0) {
        await client.query(`UPDATE subscription_catalogue c SET hash = u.hash, title = u.title, date = u.date, changed_seq = $5 FROM ${unnest} WHERE c.doc_id = u.doc_id`, [...columns(diff.update), seq]);
      }
      if (diff.retitle.length > 0) {
        await client.query(`UPDATE subscription_catalogue c SET title = u.title, date = u.date FROM ${unnest} WHERE c.doc_id = u.doc_id`, columns(diff.retitle));
      }
      if (diff.remove.length > 0) await client.query('DELETE FROM subscription_catalogue WHERE doc_id = ANY($1::text[])', [diff.remove]);
      const change = { added: diff.insert.length, changed: diff.update.length, removed: diff.remove.length };
      const news = change.added + change.changed + change.removed > 0 || previous === 0;
      await client.query('UPDATE subscription_state SET catalogue_print = $1, kb_version = $2, catalogue_seq = $3 WHERE id = 1', [print, kbVersion, news ? seq : previous]);
      if (!news) return { seq: previous, ...change };
      if (previous === 0) await client.query('UPDATE subscriptions SET seen_seq = $1 WHERE seen_seq < $1', [seq]);
      return { seq, ...change };
    });
  }

  async chatsBehind(): Promise<number[]> {
    const { rows } = await this.pool.query<{ chat_id: string }>(
      'SELECT DISTINCT chat_id FROM subscriptions WHERE disabled_at IS NULL AND seen_seq < (SELECT catalogue_seq FROM subscription_state WHERE id = 1) ORDER BY chat_id',
    );
    return rows.map((r) => Number(r.chat_id));
  }

  async claimDigest(chatId: number): Promise<Digest | undefined> {
    return inTransaction(this.pool, async (client) => {
      // The catalogue first (shared: digests of several chats go on together; a sync waits), then the
      // chat's rows: an instance claiming the same digest waits here and then finds them up to date.
      const { seq } = await state(client, 'FOR SHARE');
      const { rows } = await client.query<Row>('SELECT * FROM subscriptions WHERE chat_id = $1 AND disabled_at IS NULL ORDER BY id FOR UPDATE', [chatId]);
      const subs = rows.map(fromRow);
      const since = heardUpTo(subs, seq);
      if (since === undefined) return undefined;
      await client.query('UPDATE subscriptions SET seen_seq = $2 WHERE chat_id = $1 AND disabled_at IS NULL AND seen_seq < $2', [chatId, seq]);
      const changed = await client.query<CatalogueRow>('SELECT * FROM subscription_catalogue WHERE changed_seq > $1 ORDER BY changed_seq, doc_id', [since]);
      return digestOf(
        chatId,
        subs,
        since,
        changed.rows.map((r) => ({ id: r.doc_id, hash: r.hash, title: r.title, date: r.date ?? undefined, addedSeq: Number(r.added_seq), changedSeq: Number(r.changed_seq) })),
      );
    });
  }

  async close(): Promise<void> {
    if (this.ownsPool && !this.pool.ended) await this.pool.end();
  }
}

async function state(db: Queryable, lock = ''): Promise<{ seq: number; print: string | null; kbVersion: number }> {
  const { rows } = await db.query<{ catalogue_seq: string; catalogue_print: string | null; kb_version: string }>(`SELECT * FROM subscription_state WHERE id = 1 ${lock}`);
  const row = rows[0]!;
  return { seq: Number(row.catalogue_seq), print: row.catalogue_print, kbVersion: Number(row.kb_version) };
}

/** BIGINT columns arrive as strings (node-postgres keeps 64-bit integers exact). */
interface Row {
  id: string;
  chat_id: string;
  thread_id: string | null;
  topic: string;
  topic_key: string;
  cadence: Cadence;
  created_by: string | null;
  created_at: string;
  last_slot: string;
  seen_seq: string;
  disabled_at: string | null;
  disabled_reason: string | null;
}

interface CatalogueRow {
  doc_id: string;
  hash: string;
  title: string;
  date: string | null;
  added_seq: string;
  changed_seq: string;
}

const optional = (value: string | null) => (value === null ? undefined : Number(value));

function fromRow(row: Row): Subscription {
  return {
    id: Number(row.id),
    chatId: Number(row.chat_id),
    threadId: optional(row.thread_id),
    topic: row.topic,
    cadence: row.cadence,
    createdBy: optional(row.created_by),
    createdAt: Number(row.created_at),
    lastSlot: Number(row.last_slot),
    seenSeq: Number(row.seen_seq),
    disabled: row.disabled_at !== null ? { at: Number(row.disabled_at), reason: row.disabled_reason ?? '' } : undefined,
  };
}
