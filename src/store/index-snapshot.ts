/**
 * The shared knowledge base: each version's built index, stored in PostgreSQL, copied by every
 * instance into its DATA_DIR as a local replica (SQLite FTS5 + HNSW) that answers without a round
 * trip to the database.
 *
 * Why a replica and not PostgreSQL full text: the answer path runs tens of lexical and vector
 * lookups per question against the local index in milliseconds, and the ranking is FTS5 bm25()
 * over our own jieba words and bigrams; rebuilding that ranking in SQL would change answers, and
 * every question would cross the network. Copying a built index also avoids re-indexing on each
 * instance (68,000 articles take minutes to index and seconds to copy).
 *
 * publish: a consistent copy of the current index (SQLite online backup; graph files never change
 * once written) is written in 1 MB chunks with the next version number, in one transaction, so
 * readers see the old version or the new one complete. fetch: a repeatable-read transaction
 * reads one version's chunks into a new index directory, checks the sha256, and switches
 * DATA_DIR's pointer (under the ingest lock) — the same switch a local full build makes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PassageEmbedder } from '../retrieval/embedder.js';
import { DB_FILE } from '../retrieval/index-db.js';
import { acquireIngestLock } from '../retrieval/ingest-lock.js';
import { PolicyIndex, type IndexManifest } from '../retrieval/policy-index.js';
import { currentIndexDir } from '../retrieval/store.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import { publishRows, type RowsStats } from './kb-rows.js';
import { inTransaction, type Pool } from './postgres.js';

/**
 * Rows of 1 MB, read 16 at a time as base64: node-pg reads bytea as hex text and slows down on
 * multi-megabyte rows (measured 26 MB/s with 8 MB hex rows, ~110 MB/s like this).
 */
const CHUNK_BYTES = 1024 * 1024;
const CHUNKS_PER_READ = 16;
/** DATA_DIR/kb-version: the shared version the local replica holds. */
const LOCAL_VERSION_FILE = 'kb-version';
const POINTER = 'current-index';

export interface SnapshotFile {
  file: string;
  size: number;
  chunks: number;
  sha256: string;
}

export interface SnapshotStats {
  version: number;
  bytes: number;
  ms: number;
  /** publish: how the knowledge-base rows (kb-rows.ts) were brought in step, in the same transaction. */
  rows?: RowsStats;
}

/** The stored snapshot of the current version cannot be used (missing or damaged): the rows can. */
export class SnapshotUnusable extends Error {}

/** Stores the current local index as the next shared version; returns its number. */
export async function publishSnapshot(pool: Pool, dataDir: string, summary: string): Promise<SnapshotStats> {
  const started = performance.now();
  const dir = await currentIndexDir(dataDir);
  if (!dir) throw new Error('no local index to publish');
  const tmp = path.join(os.tmpdir(), `spb-snapshot-${process.pid}-${Date.now()}.sqlite`);
  try {
    const source = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      await source.backup(tmp); // consistent even while the bot reads it
    } finally {
      source.close();
    }
    const copy = new Database(tmp, { readonly: true });
    try {
      const manifest = JSON.parse((copy.prepare("SELECT value FROM meta WHERE key = 'manifest'").get() as { value: string }).value) as IndexManifest;
      // The graph the local reader already holds (read from disk only if none does).
      const graph = VectorIndex.openShared(path.join(dir, manifest.vectorsFile), manifest.dimensions, manifest.passages);
      const sources = [
        { file: DB_FILE, from: tmp },
        { file: manifest.vectorsFile, from: path.join(dir, manifest.vectorsFile) },
      ];
      return await inTransaction(pool, async (client) => {
        // The row lock makes concurrent publishers take turns; each gets its own number.
        const { rows } = await client.query<{ version: string }>('SELECT version FROM kb_state WHERE id = 1 FOR UPDATE');
        const version = Number(rows[0]!.version) + 1;
        const files: SnapshotFile[] = [];
        let bytes = 0;
        for (const { file, from } of sources) {
          const hash = createHash('sha256');
          let seq = 0;
          let size = 0;
          for await (const chunk of createReadStream(from, { highWaterMark: CHUNK_BYTES })) {
            const data = chunk as Buffer;
            hash.update(data);
            size += data.length;
            await client.query('INSERT INTO kb_snapshot_chunks (version, file, seq, data) VALUES ($1, $2, $3, $4)', [version, file, seq++, data]);
          }
          files.push({ file, size, chunks: seq, sha256: hash.digest('hex') });
          bytes += size;
        }
        const rowStats = await publishRows(client, copy, graph, manifest, version);
        await client.query('UPDATE kb_state SET version = $1, summary = $2, files = $3, updated_at = now() WHERE id = 1', [version, summary, JSON.stringify(files)]);
        // Readers still copying an older version keep seeing it (their transaction's snapshot).
        await client.query('DELETE FROM kb_snapshot_chunks WHERE version < $1', [version]);
        return { version, bytes, ms: performance.now() - started, rows: rowStats };
      }).then(async (stats) => {
        await writeFile(path.join(dataDir, LOCAL_VERSION_FILE), `${stats.version}\n`);
        return stats;
      });
    } finally {
      copy.close();
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/** The shared version the local replica holds (0: none). */
export async function localVersion(dataDir: string): Promise<number> {
  const file = path.join(dataDir, LOCAL_VERSION_FILE);
  if (!existsSync(file) || !(await currentIndexDir(dataDir))) return 0;
  return Number((await readFile(file, 'utf8')).trim()) || 0;
}

/** Copies the latest shared version into DATA_DIR and makes it the current index; returns its stats. */
export async function fetchSnapshot(pool: Pool, dataDir: string): Promise<SnapshotStats> {
  const started = performance.now();
  await mkdir(dataDir, { recursive: true });
  const dirName = `index-shared-${Date.now()}-${process.pid}`;
  const target = path.join(dataDir, dirName);
  await mkdir(target);
  let version = 0;
  let bytes = 0;
  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ version: string; files: SnapshotFile[] | null }>('SELECT version, files FROM kb_state WHERE id = 1');
      version = Number(rows[0]?.version ?? 0);
      const files = rows[0]?.files;
      if (!files) throw version > 0 ? new SnapshotUnusable(`shared index version ${version} has no snapshot`) : new Error('no shared index has been published yet');
      for (const f of files) {
        if (path.basename(f.file) !== f.file) throw new Error(`unexpected file name in the shared index: ${f.file}`);
        const handle = await open(path.join(target, f.file), 'w');
        const hash = createHash('sha256');
        try {
          for (let from = 0; from < f.chunks; from += CHUNKS_PER_READ) {
            const to = Math.min(f.chunks, from + CHUNKS_PER_READ) - 1;
            const part = await client.query<{ seq: number; data: string }>(
              "SELECT seq, encode(data, 'base64') AS data FROM kb_snapshot_chunks WHERE version = $1 AND file = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq",
              [version, f.file, from, to],
            );
            if (part.rows.length !== to - from + 1 || part.rows.some((r, i) => r.seq !== from + i)) throw new SnapshotUnusable(`shared index version ${version} is missing parts of ${f.file}`);
            for (const row of part.rows) {
              const data = Buffer.from(row.data, 'base64');
              hash.update(data);
              await handle.write(data);
            }
          }
        } finally {
          await handle.close();
        }
        if (hash.digest('hex') !== f.sha256 || (await stat(path.join(target, f.file))).size !== f.size) throw new SnapshotUnusable(`shared index version ${version}: ${f.file} is damaged`);
        bytes += f.size;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    await switchReplica(dataDir, dirName, version);
  } catch (err) {
    await rm(target, { recursive: true, force: true });
    throw err;
  }
  return { version, bytes, ms: performance.now() - started };
}

/**
 * Makes `dirName` (an index directory in DATA_DIR) the current index, holding shared `version`:
 * the same switch as a local full build, under the same lock, so a local ingest never interleaves.
 */
export async function switchReplica(dataDir: string, dirName: string, version: number): Promise<void> {
  const lock = await acquireIngestLock(dataDir);
  try {
    const pointer = path.join(dataDir, POINTER);
    const tmp = `${pointer}.tmp-${process.pid}-${Date.now()}`;
    await writeFile(tmp, `${dirName}\n`);
    await rename(tmp, pointer);
    await writeFile(path.join(dataDir, LOCAL_VERSION_FILE), `${version}\n`);
  } finally {
    await lock.release();
  }
}

/** Opens DATA_DIR's current index as it is (no comparison with knowledge/). */
export async function openLocalReplica(dataDir: string, embedder: PassageEmbedder): Promise<PolicyIndex> {
  const dir = await currentIndexDir(dataDir);
  if (!dir) throw new Error('no local index');
  return PolicyIndex.open(path.join(dir, DB_FILE), (m) => path.join(dir, m.vectorsFile), embedder);
}
