/**
 * The PostgreSQL schema, created and changed by the program: numbered migrations applied in order,
 * each in its own transaction, recorded in schema_migrations. Instances starting together wait for
 * one advisory lock, so each migration runs once. Never edit a released migration;
 * add the next number.
 */
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Any constant shared by all instances: the lock that serialises migrations. */
const MIGRATION_LOCK = 7_013_001;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'chat state, update inbox, rate limits, knowledge-base version',
    sql: `
      CREATE TABLE answers (
        id BIGSERIAL PRIMARY KEY,
        chat_id BIGINT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        refused BOOLEAN NOT NULL,
        citations JSONB NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX answers_by_chat ON answers (chat_id, id);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
      -- Every update once: a webhook update is stored (pending) before it is acknowledged, taken by one
      -- instance under a lease, and marked done after the reply; polled updates are recorded done.
      CREATE TABLE updates (
        update_id BIGINT PRIMARY KEY,
        chat_key TEXT NOT NULL,
        body JSONB,
        state TEXT NOT NULL CHECK (state IN ('pending', 'working', 'done')),
        owner TEXT,
        lease_until TIMESTAMPTZ,
        received_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE INDEX updates_open ON updates (chat_key, update_id) WHERE state <> 'done';
      CREATE INDEX updates_age ON updates (received_at);
      CREATE TABLE rate_limits (key TEXT PRIMARY KEY, hits INTEGER NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE kb_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL,
        summary TEXT,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      INSERT INTO kb_state (id, version) VALUES (1, 0);
    `,
  },
  {
    version: 2,
    name: 'knowledge-base snapshots: the built index of each version, in chunks',
    sql: `
      -- The files of the index a version was built into (SQLite with documents, metadata, hashes,
      -- passages, FTS5 over the segmented tokens, vectors; the HNSW graph), 1 MB a row. New
      -- instances and instances seeing a new version copy them instead of re-indexing.
      CREATE TABLE kb_snapshot_chunks (
        version BIGINT NOT NULL,
        file TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (version, file, seq)
      );
      -- Stored as they are: compressing index chunks costs more time than the disk it saves.
      ALTER TABLE kb_snapshot_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
      ALTER TABLE kb_state ADD COLUMN files JSONB;
    `,
  },
  {
    version: 3,
    name: 'scheduled runs claimed once across instances',
    sql: `CREATE TABLE claimed_runs (key TEXT PRIMARY KEY, claimed_at TIMESTAMPTZ NOT NULL DEFAULT now());`,
  },
  {
    version: 4,
    name: 'feedback: votes on answers, and the index version each answer was given on',
    sql: `
      CREATE TABLE feedback_answered (
        chat_id BIGINT NOT NULL,
        answer_id BIGINT NOT NULL,
        index_version TEXT NOT NULL,
        answered_at BIGINT NOT NULL,
        PRIMARY KEY (chat_id, answer_id)
      );
      CREATE INDEX feedback_answered_age ON feedback_answered (answered_at);
      CREATE TABLE feedback_votes (
        chat_id BIGINT NOT NULL,
        answer_id BIGINT NOT NULL,
        user_id BIGINT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        refused BOOLEAN NOT NULL,
        citations JSONB NOT NULL,
        index_version TEXT NOT NULL,
        answered_at BIGINT NOT NULL,
        voted_at BIGINT NOT NULL,
        PRIMARY KEY (chat_id, answer_id, user_id)
      );
    `,
  },
  {
    version: 5,
    name: 'subscriptions, their claimed slots, and the document catalogue digests are told from',
    sql: `
      CREATE TABLE subscriptions (
        id BIGSERIAL PRIMARY KEY,
        chat_id BIGINT NOT NULL,
        thread_id BIGINT,
        topic TEXT NOT NULL,
        topic_key TEXT NOT NULL,
        cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
        created_by BIGINT,
        created_at BIGINT NOT NULL,
        last_slot BIGINT NOT NULL,
        seen_seq BIGINT NOT NULL,
        disabled_at BIGINT,
        disabled_reason TEXT,
        UNIQUE (chat_id, topic_key)
      );
      CREATE TABLE subscription_catalogue (
        doc_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        title TEXT NOT NULL,
        date TEXT,
        added_seq BIGINT NOT NULL,
        changed_seq BIGINT NOT NULL
      );
      CREATE INDEX subscription_catalogue_by_change ON subscription_catalogue (changed_seq);
      -- One row: the catalogue's sequence number, its fingerprint, and the knowledge-base version it
      -- reflects (an instance still on an older version must not roll it back).
      CREATE TABLE subscription_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        catalogue_seq BIGINT NOT NULL,
        catalogue_print TEXT,
        kb_version BIGINT NOT NULL
      );
      INSERT INTO subscription_state (id, catalogue_seq, kb_version) VALUES (1, 0, 0);
    `,
  },
  {
    version: 6,
    name: 'the knowledge base as rows: documents and passages with their vectors',
    sql: `
      -- The current version's documents and passages (vectors as arrays), updated by document hash
      -- in the transaction that publishes a version; an instance whose snapshot copy fails rebuilds
      -- its replica from them. source_map is kept as the index stores it (flattened runs, opaque).
      CREATE TABLE kb_documents (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        meta JSONB NOT NULL,
        encoding TEXT NOT NULL,
        text TEXT NOT NULL,
        source_map TEXT,
        size BIGINT NOT NULL,
        mtime DOUBLE PRECISION NOT NULL
      );
      CREATE TABLE kb_passages (
        doc_id TEXT NOT NULL REFERENCES kb_documents (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        section JSONB NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        page INTEGER,
        vector REAL[] NOT NULL,
        PRIMARY KEY (doc_id, idx)
      );
      -- rows_version: the version the rows match; rows_build: what shaped them (format, embedder,
      -- settings, code fingerprint of the index they were read from; JSON compared as written, so
      -- text: rows of another build are replaced whole); rows_skipped: files that index skipped.
      ALTER TABLE kb_state ADD COLUMN rows_version BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE kb_state ADD COLUMN rows_build TEXT;
      ALTER TABLE kb_state ADD COLUMN rows_skipped JSONB;
    `,
  },
];

/** Applies the migrations this database lacks; returns the versions applied. */
export async function migrate(pool: pg.Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      await client.query('BEGIN');
      try {
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
        if (done.rowCount === 0) {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          applied.push(m.version);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}

export async function schemaVersion(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}
