/**
 * The fallback when the current version's snapshot is missing or damaged: the local replica is
 * rebuilt from the knowledge-base rows (kb-rows.ts) instead of being copied.
 *
 * The stored passages and vectors are written into a new index directory in the layout the
 * index writer makes — nothing is re-chunked and nothing re-embedded, so the replica holds the
 * same passages and vectors as the publisher's index whatever embedder this instance has. What is
 * derived again is derived by the same functions the writer uses: each passage's index text, its
 * FTS5 columns (jieba), the term counts, and the HNSW graph over the stored vectors. Slower than
 * the copy (segmentation and graph construction), so the snapshot stays the default.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DB_FILE, documentFromRow, openDb, writeMeta } from '../retrieval/index-db.js';
import { indexTextOf, plainIndexForm } from '../retrieval/index-text.js';
import { countTermsFromIndex, lexicalColumns, VocabularyCorrection } from '../retrieval/lexical-index.js';
import type { IndexManifest } from '../retrieval/policy-index.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import type { Passage } from '../ingest/types.js';
import { fetchSnapshot, SnapshotUnusable, switchReplica, type SnapshotStats } from './index-snapshot.js';
import type { RowsBuild, SkippedRow } from './kb-rows.js';
import type { Pool } from './postgres.js';

const DOCUMENTS_PER_READ = 500;

interface StoredDocument {
  id: string;
  hash: string;
  meta: string;
  encoding: string;
  text: string;
  source_map: string | null;
  size: string;
  mtime: number;
}

interface StoredPassage {
  doc_id: string;
  idx: number;
  section: string[];
  text: string;
  start: number;
  end: number;
  page: number | null;
  vector: number[];
}

/** Builds DATA_DIR's replica of the latest version from its rows and makes it current. */
export async function rebuildReplicaFromRows(pool: Pool, dataDir: string): Promise<SnapshotStats> {
  const started = performance.now();
  await mkdir(dataDir, { recursive: true });
  const dirName = `index-rows-${Date.now()}-${process.pid}`;
  const target = path.join(dataDir, dirName);
  await mkdir(target);
  const db = openDb(path.join(target, DB_FILE), { create: true });
  let version = 0;
  try {
    // A directory no pointer names is discarded, so the build needs no journal (as a full build).
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const state = await client.query<{ version: string; rows_version: string; rows_build: string | null; rows_skipped: SkippedRow[] | null; passages: string }>(
        'SELECT version, rows_version, rows_build, rows_skipped, (SELECT count(*) FROM kb_passages) AS passages FROM kb_state WHERE id = 1',
      );
      const row = state.rows[0]!;
      version = Number(row.version);
      if (!row.rows_build || Number(row.rows_version) !== version) throw new Error(`the knowledge-base rows do not hold shared version ${version} (they hold ${row.rows_version})`);
      const build = JSON.parse(row.rows_build) as RowsBuild;
      const graph = VectorIndex.create(build.dimensions, Number(row.passages), build.settings.hnsw);
      const correction = new VocabularyCorrection();
      const insertDocument = db.prepare('INSERT INTO documents (id, hash, size, mtime, meta, encoding, text, passages, source_map) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const insertPassage = db.prepare('INSERT INTO passages (doc_id, idx, section, text, start, end, folded, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      const insertLexical = db.prepare('INSERT INTO lexical (rowid, words, bigrams) VALUES (?, ?, ?)');
      const insertSkipped = db.prepare('INSERT INTO skipped (id, hash, size, mtime, reason) VALUES (?, ?, ?, ?, ?)');
      let documents = 0;
      let passages = 0;
      db.exec('BEGIN');
      for (let after = ''; ; ) {
        const docs = await client.query<StoredDocument>(
          'SELECT id, hash, meta::text AS meta, encoding, text, source_map, size, mtime FROM kb_documents WHERE id > $1 ORDER BY id LIMIT $2',
          [after, DOCUMENTS_PER_READ],
        );
        if (docs.rows.length === 0) break;
        after = docs.rows.at(-1)!.id;
        const byDoc = new Map<string, StoredPassage[]>();
        const stored = await client.query<StoredPassage>('SELECT doc_id, idx, section, text, start, "end", page, vector FROM kb_passages WHERE doc_id = ANY($1::text[]) ORDER BY doc_id, idx', [
          docs.rows.map((d) => d.id),
        ]);
        for (const p of stored.rows) (byDoc.get(p.doc_id) ?? byDoc.set(p.doc_id, []).get(p.doc_id)!).push(p);
        for (const d of docs.rows) {
          const document = documentFromRow(d);
          const rows = byDoc.get(d.id) ?? [];
          insertDocument.run(d.id, d.hash, Number(d.size), d.mtime, d.meta, d.encoding, d.text, rows.length, d.source_map);
          for (const r of rows) {
            const passage: Passage = { id: `${r.doc_id}#${r.idx}`, docId: r.doc_id, index: r.idx, section: r.section, text: r.text, start: r.start, end: r.end };
            if (r.page !== null) passage.page = r.page;
            const indexText = indexTextOf(passage, document);
            const folded = indexText === plainIndexForm(passage, document) ? 0 : 1;
            const position = Number(insertPassage.run(r.doc_id, r.idx, JSON.stringify(r.section), r.text, r.start, r.end, folded, r.page).lastInsertRowid);
            const columns = lexicalColumns(indexText);
            insertLexical.run(position, columns.words, columns.bigrams);
            correction.add(columns);
            graph.add(r.vector, position);
          }
          documents++;
          passages += rows.length;
        }
      }
      for (const s of row.rows_skipped ?? []) insertSkipped.run(s.id, s.hash, s.size, s.mtime, s.reason);
      await client.query('COMMIT');
      const vectorsFile = 'vectors-1.hnsw';
      graph.save(path.join(target, vectorsFile));
      const now = new Date().toISOString();
      const manifest: IndexManifest = { ...build, documents, passages, vectorsFile, builtAt: now, updatedAt: now };
      writeMeta(db, 'manifest', manifest);
      db.exec('COMMIT');
      db.exec(`INSERT INTO lexical (lexical) VALUES ('optimize')`);
      db.transaction(() => countTermsFromIndex(db, correction))();
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    db.pragma('journal_mode = WAL');
    db.close();
    await switchReplica(dataDir, dirName, version);
  } catch (err) {
    if (db.open) db.close();
    await rm(target, { recursive: true, force: true });
    throw err;
  }
  return { version, bytes: 0, ms: performance.now() - started };
}

export interface FetchedReplica extends SnapshotStats {
  from: 'snapshot' | 'rows';
  /** Why the snapshot was not used (from: 'rows'). */
  snapshotProblem?: string;
}

/** The latest version into DATA_DIR: copied from its snapshot, rebuilt from the rows when that is missing or damaged. */
export async function fetchReplica(pool: Pool, dataDir: string): Promise<FetchedReplica> {
  try {
    return { ...(await fetchSnapshot(pool, dataDir)), from: 'snapshot' };
  } catch (err) {
    if (!(err instanceof SnapshotUnusable)) throw err;
    try {
      return { ...(await rebuildReplicaFromRows(pool, dataDir)), from: 'rows', snapshotProblem: err.message };
    } catch (rowsErr) {
      throw new Error(`${err.message}; rebuilding from the rows failed too: ${(rowsErr as Error).message}`, { cause: rowsErr });
    }
  }
}
