/**
 * The SQLite file of an index: documents (metadata, content hash, cleaned text), passages, skipped
 * files, the manifest, and the lexical index as a contentless FTS5 table over pre-segmented tokens.
 * A passage's `position` (its rowid) is also its FTS5 rowid and its label in the HNSW graph, and is
 * never reused (AUTOINCREMENT), so an old vector graph can never point at a different passage.
 */
import Database from 'better-sqlite3';
import { flattenRuns, unflattenRuns } from '../ingest/source-map.js';
import type { KnowledgeDocument, PageStart, Passage } from '../ingest/types.js';

export type Db = Database.Database;

export const DB_FILE = 'index.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime REAL NOT NULL,
  meta TEXT NOT NULL,
  encoding TEXT NOT NULL,
  text TEXT NOT NULL,
  passages INTEGER NOT NULL,
  -- Where the cleaned text is in the original file (JSON {runs, pages?}, see ingest/source-map.ts)
  source_map TEXT
);
CREATE TABLE IF NOT EXISTS skipped (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime REAL NOT NULL,
  reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  section TEXT NOT NULL,
  text TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  -- 1 when the index form needed Traditional→Simplified folding (see plainIndexForm)
  folded INTEGER NOT NULL DEFAULT 0,
  -- page of the source file where the passage starts (PDF), else NULL
  page INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS passages_by_doc ON passages (doc_id, idx);
-- Vectors of an update, until folded into the graph file (vector-delta.ts): unit float32 rows.
CREATE TABLE IF NOT EXISTS vector_delta (position INTEGER PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS vector_removed (position INTEGER PRIMARY KEY);
-- Tokens are jieba words and Han bigrams joined by spaces; the ascii tokenizer splits only at
-- ASCII separators, so every pre-segmented token (示范区, 3.5%) stays one FTS5 term.
CREATE VIRTUAL TABLE IF NOT EXISTS lexical USING fts5 (
  words, bigrams, content = '', contentless_delete = 1, tokenize = "ascii tokenchars '.%+-_'"
);
-- Passages per term and field (0 words, 1 bigrams), kept by the ingest: FTS5's own vocabulary
-- counts a term by reading all its postings, too slow for every query term of every question.
CREATE TABLE IF NOT EXISTS term_df (field INTEGER NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (field, term)) WITHOUT ROWID;
`;

export function openDb(file: string, options: { create?: boolean } = {}): Db {
  const db = new Database(file, { fileMustExist: !options.create });
  db.pragma('busy_timeout = 5000');
  if (options.create) db.exec(SCHEMA);
  return db;
}

export function readMeta<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeMeta(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export interface PassageRow {
  position: number;
  doc_id: string;
  idx: number;
  section: string;
  text: string;
  start: number;
  end: number;
  folded: number;
  page: number | null;
}

export function passageFromRow(row: PassageRow): Passage {
  return {
    id: `${row.doc_id}#${row.idx}`,
    docId: row.doc_id,
    index: row.idx,
    section: JSON.parse(row.section) as string[],
    text: row.text,
    start: row.start,
    end: row.end,
    ...(row.page !== null && row.page !== undefined ? { page: row.page } : {}),
  };
}

export interface DocumentRow {
  id: string;
  hash: string;
  meta: string;
  encoding: string;
  text: string;
  source_map?: string | null;
}

interface StoredSourceMap {
  runs: number[];
  pages?: PageStart[];
}

/** The `source_map` column of a document: its runs flattened, and its pages when it has them. */
export function sourceMapColumn(document: KnowledgeDocument): string | null {
  if (!document.sourceMap && !document.pages) return null;
  const stored: StoredSourceMap = { runs: flattenRuns(document.sourceMap ?? []) };
  if (document.pages) stored.pages = document.pages;
  return JSON.stringify(stored);
}

export function documentFromRow(row: DocumentRow): KnowledgeDocument {
  const document: KnowledgeDocument = { id: row.id, meta: JSON.parse(row.meta) as KnowledgeDocument['meta'], text: row.text, encoding: row.encoding, hash: row.hash };
  if (row.source_map) {
    const stored = JSON.parse(row.source_map) as StoredSourceMap;
    document.sourceMap = unflattenRuns(stored.runs);
    if (stored.pages) document.pages = stored.pages;
  }
  return document;
}
