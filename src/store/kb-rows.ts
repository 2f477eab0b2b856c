/**
 * The knowledge base itself as rows in PostgreSQL: kb_documents (text, metadata, hash, source map)
 * and kb_passages (text, section, offsets, page, vector as real[]) of the current shared version.
 *
 * Publishing a version brings the rows in step with the index just built, by document hash, in the
 * transaction that bumps the version: rows of removed or changed documents are deleted (their
 * passages by cascade), rows of added or changed ones inserted, the rest left as they are — a
 * one-file change touches one document's rows. Rows are read from the consistent copy of the
 * SQLite file the snapshot is made from; vectors from the graph the local reader already holds
 * (those of later updates from the vector delta in SQLite). Inserts go by unnest() over arrays, a
 * thousand rows a statement (the vectors as one binary float4[]), the next batch prepared while
 * PostgreSQL writes the last.
 */
import type { Db } from '../retrieval/index-db.js';
import type { IndexManifest } from '../retrieval/policy-index.js';
import type { VectorIndex } from '../retrieval/vector-index.js';
import type { PoolClient } from './postgres.js';

const BATCH_ROWS = 1000;

/** What shapes the rows of an index (not its counts, dates or graph file): rows of another build are replaced. */
export interface RowsBuild {
  format: number;
  embedder: string;
  dimensions: number;
  settings: IndexManifest['settings'];
}

export function rowsBuildOf(manifest: IndexManifest): RowsBuild {
  return { format: manifest.format, embedder: manifest.embedder, dimensions: manifest.dimensions, settings: manifest.settings };
}

export interface RowsStats {
  /** Documents whose rows were deleted (removed or changed) and inserted (added or changed). */
  deleted: number;
  inserted: number;
  passagesInserted: number;
  /** All rows were replaced: the index was built differently from the stored rows. */
  replacedAll: boolean;
  ms: number;
}

export interface SkippedRow {
  id: string;
  hash: string;
  size: number;
  mtime: number;
  reason: string;
}

interface DocumentRecord {
  id: string;
  hash: string;
  meta: string;
  encoding: string;
  text: string;
  source_map: string | null;
  size: number;
  mtime: number;
}

interface PassageRecord {
  position: number;
  idx: number;
  section: string;
  text: string;
  start: number;
  end: number;
  page: number | null;
}

/** PostgreSQL's type id of float4, named in the binary array header. */
const FLOAT4_OID = 700;

/**
 * A batch's vectors as one flat float4[] in PostgreSQL's binary array format, sent as is (node-pg
 * passes a Buffer in binary; the server reads it with real[]'s receive function): no float is
 * turned into text and back. As text the same vectors cost 4 s of formatting at 161,000 passages.
 */
export function binaryRealArray(vectors: ArrayLike<number>[], dimensions: number): Buffer {
  const n = vectors.length * dimensions;
  const buf = Buffer.allocUnsafe(20 + n * 8);
  buf.writeInt32BE(1, 0); // dimensions of the array
  buf.writeInt32BE(0, 4); // no nulls
  buf.writeInt32BE(FLOAT4_OID, 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16); // lower bound
  let o = 20;
  for (const vector of vectors) {
    for (let i = 0; i < dimensions; i++, o += 8) {
      buf.writeInt32BE(4, o);
      buf.writeFloatBE(vector[i]!, o + 4);
    }
  }
  return buf;
}

const INSERT_DOCUMENTS = `INSERT INTO kb_documents (id, hash, meta, encoding, text, source_map, size, mtime)
  SELECT id, hash, meta::jsonb, encoding, text, source_map, size, mtime
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::float8[])
    AS t(id, hash, meta, encoding, text, source_map, size, mtime)`;

/** $8: the batch's vectors end to end (binaryRealArray), $9 values each; row n takes the n-th slice. */
const INSERT_PASSAGES = `INSERT INTO kb_passages (doc_id, idx, section, text, start, "end", page, vector)
  SELECT doc_id, idx, section::jsonb, text, start, finish, page, ($8::real[])[(n - 1) * $9 + 1 : n * $9]
  FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[]) WITH ORDINALITY
    AS t(doc_id, idx, section, text, start, finish, page, n)`;

/**
 * Brings kb_documents / kb_passages in step with the index in `source` (a consistent copy of its
 * SQLite file) and records `version` as the one they match. Runs inside the caller's transaction,
 * which holds kb_state's row lock.
 */
export async function publishRows(client: PoolClient, source: Db, graph: VectorIndex, manifest: IndexManifest, version: number): Promise<RowsStats> {
  const started = performance.now();
  const build = JSON.stringify(rowsBuildOf(manifest));
  const state = await client.query<{ rows_build: string | null }>('SELECT rows_build FROM kb_state WHERE id = 1');
  const replacedAll = state.rows[0]?.rows_build !== build;
  if (replacedAll) await client.query('DELETE FROM kb_documents');

  const stored = new Map<string, string>();
  if (!replacedAll) for (const row of (await client.query<{ id: string; hash: string }>('SELECT id, hash FROM kb_documents')).rows) stored.set(row.id, row.hash);
  const local = source.prepare('SELECT id, hash FROM documents').all() as Array<{ id: string; hash: string }>;
  const localHash = new Map(local.map((d) => [d.id, d.hash]));
  const stale = [...stored].filter(([id, hash]) => localHash.get(id) !== hash).map(([id]) => id);
  const fresh = local.filter((d) => stored.get(d.id) !== d.hash).map((d) => d.id);

  for (let i = 0; i < stale.length; i += BATCH_ROWS) {
    await client.query('DELETE FROM kb_documents WHERE id = ANY($1::text[])', [stale.slice(i, i + BATCH_ROWS)]);
  }

  // Vectors of passages added since the graph file was written are in the delta, not the graph.
  const delta = new Map<number, Float32Array>();
  for (const row of source.prepare('SELECT position, vector FROM vector_delta').iterate() as IterableIterator<{ position: number; vector: Buffer }>) {
    delta.set(row.position, new Float32Array(row.vector.buffer.slice(row.vector.byteOffset, row.vector.byteOffset + row.vector.byteLength)));
  }
  const documentRow = source.prepare('SELECT id, hash, meta, encoding, text, source_map, size, mtime FROM documents WHERE id = ?');
  const passageRows = source.prepare('SELECT position, idx, section, text, start, "end", page FROM passages WHERE doc_id = ? ORDER BY idx');

  let docs = emptyDocs();
  let passages = emptyPassages();
  let inFlight: Promise<unknown> = Promise.resolve();
  let passagesInserted = 0;
  const send = async () => {
    const [d, p] = [docs, passages];
    docs = emptyDocs();
    passages = emptyPassages();
    await inFlight;
    // Documents first: their passages refer to them. The next batch is read meanwhile.
    inFlight = (async () => {
      if (d[0].length > 0) await client.query(INSERT_DOCUMENTS, d);
      if (p[0].length > 0) await client.query(INSERT_PASSAGES, [...p.slice(0, 7), binaryRealArray(p[7] as number[][], manifest.dimensions), manifest.dimensions]);
    })();
    inFlight.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  };
  for (const id of fresh) {
    const doc = documentRow.get(id) as DocumentRecord;
    [doc.id, doc.hash, doc.meta, doc.encoding, doc.text, doc.source_map, doc.size, doc.mtime].forEach((v, i) => (docs[i] as unknown[]).push(v));
    for (const p of passageRows.all(id) as PassageRecord[]) {
      const vector = delta.get(p.position) ?? graph.storedVector(p.position);
      if (!vector || vector.length !== manifest.dimensions) throw new Error(`the local index has no vector for passage ${id}#${p.idx}`);
      [id, p.idx, p.section, p.text, p.start, p.end, p.page, vector].forEach((v, i) => (passages[i] as unknown[]).push(v));
      passagesInserted++;
    }
    if (docs[0].length >= BATCH_ROWS || passages[0].length >= BATCH_ROWS) await send();
  }
  await send();
  await inFlight;

  const skipped = source.prepare('SELECT id, hash, size, mtime, reason FROM skipped ORDER BY id').all() as SkippedRow[];
  await client.query('UPDATE kb_state SET rows_version = $1, rows_build = $2, rows_skipped = $3 WHERE id = 1', [version, build, JSON.stringify(skipped)]);
  return { deleted: stale.length, inserted: fresh.length, passagesInserted, replacedAll, ms: performance.now() - started };
}

type Columns = [unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[], unknown[]];
const emptyDocs = (): Columns => [[], [], [], [], [], [], [], []];
const emptyPassages = emptyDocs;
