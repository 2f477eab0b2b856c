/**
 * The index under DATA_DIR, kept in step with knowledge/.
 *
 *   DATA_DIR/current-index          one line naming the current index directory (atomically replaced)
 *   DATA_DIR/index-<stamp>/index.sqlite      documents, passages, FTS5, manifest
 *   DATA_DIR/index-<stamp>/vectors-<n>.hnsw  the vector graph (the manifest names the current one;
 *                                            vectors of later updates are in SQLite until folded in)
 *   DATA_DIR/ingest.lock            held while an ingest runs
 *
 * A full build writes a new directory and switches the pointer; an update changes the current
 * directory in one SQLite transaction (which names a new graph file when the vector delta is folded
 * into one). Either way, until the switch or the commit, readers and a killed ingest see the previous state.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChunkOptions } from '../ingest/chunk.js';
import { contentHash } from '../ingest/document.js';
import { DEFAULT_MAX_FILE_BYTES, listKnowledge, type KnowledgeFile } from '../ingest/knowledge-base.js';
import type { PassageEmbedder } from './embedder.js';
import { DB_FILE, openDb, readMeta, writeMeta, type Db } from './index-db.js';
import { acquireIngestLock } from './ingest-lock.js';
import { removeDocuments, writeFiles, type IngestProgress, type IngestReport, type PendingFile, type WriteTarget } from './index-writer.js';
import { countTermsFromIndex, VocabularyCorrection } from './lexical-index.js';
import { INDEX_FORMAT, PolicyIndex, type IndexManifest, type IndexSettings } from './policy-index.js';
import { BackgroundGraphBuilder } from './graph-builder.js';
import { foldDelta, shouldCompact, VectorDeltaWriter } from './vector-delta.js';
import { DEFAULT_HNSW_SETTINGS, VectorIndex } from './vector-index.js';

export { reportSummary, type IngestProgress, type IngestReport } from './index-writer.js';

const POINTER = 'current-index';

/**
 * Source files whose behaviour shapes what is stored: cleaning and chunking (all of ingest/), the
 * index text, tokens, the stored layout and the embedders (whose id may not change with their
 * code). Their content is part of the settings, so upgrading that code rebuilds an index built by
 * older code; code that only reads or queries the index (store, readers, retrieval/query/) can
 * change without a rebuild, which at 100,000 documents is minutes.
 */
const SHAPING_SOURCES: Array<{ dir: URL; files: RegExp }> = [
  { dir: new URL('../text/', import.meta.url), files: /^(normalize|script)\.(ts|js)$/ },
  { dir: new URL('../ingest/', import.meta.url), files: /\.(ts|js)$/ },
  { dir: new URL('../ingest/formats/', import.meta.url), files: /\.(ts|js)$/ },
  { dir: new URL('./', import.meta.url), files: /^(tokenize|index-text|index-writer|index-db|lexical-index|.*embedder)\.(ts|js)$/ },
];

async function codeFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const source of SHAPING_SOURCES) {
    const dir = source.dir.pathname;
    if (!existsSync(dir)) continue;
    for (const file of (await readdir(dir)).filter((f) => source.files.test(f)).sort()) {
      hash.update(file);
      hash.update(await readFile(path.join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

export interface OpenIndexOptions {
  knowledgeDir: string;
  dataDir: string;
  embedder: PassageEmbedder;
  chunking: ChunkOptions;
  /** Check every file by content hash, not only those whose size or time changed. */
  force?: boolean;
  /** Rebuild everything from knowledge/. */
  full?: boolean;
  /** Files above this size are reported and skipped (default 20 MB). */
  maxFileBytes?: number;
  /** Vector delta rows beyond which an update writes a new graph file (default: 2% of passages, ≥ 2000). */
  vectorDeltaLimit?: number;
  onProgress?: (event: IngestProgress) => void;
  /** Worker threads reading, segmenting and embedding files (default: the cores, for large ingests; 0 = none). */
  prepareThreads?: number;
}

export interface OpenedIndex {
  index: PolicyIndex;
  /** Set when this call wrote to the index: what the ingest found and did. */
  built?: IngestReport;
  reason: string;
  ms: number;
}

async function writeAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** The current index directory, if the pointer names one. */
export async function currentIndexDir(dataDir: string): Promise<string | undefined> {
  const pointer = path.join(dataDir, POINTER);
  if (!existsSync(pointer)) return undefined;
  return path.join(dataDir, (await readFile(pointer, 'utf8')).trim());
}

/** Opens the current index for reading; retried when an ingest replaced it in between. */
async function openReader(dataDir: string, embedder: PassageEmbedder): Promise<PolicyIndex> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = await currentIndexDir(dataDir);
    if (!dir) throw new Error('no index yet');
    try {
      return PolicyIndex.open(path.join(dir, DB_FILE), (m) => path.join(dir, m.vectorsFile), embedder);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function sameSettings(a: IndexSettings, b: IndexSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Why the stored index cannot be updated in place and must be rebuilt, or undefined if it can. */
function rebuildReason(manifest: IndexManifest | undefined, embedder: PassageEmbedder, settings: IndexSettings): string | undefined {
  if (!manifest) return 'no index yet';
  if (manifest.format !== INDEX_FORMAT) return `index format changed (${manifest.format} → ${INDEX_FORMAT})`;
  if (manifest.embedder !== embedder.id) return `embedder changed (${manifest.embedder} → ${embedder.id})`;
  if (JSON.stringify(manifest.settings?.chunking) !== JSON.stringify(settings.chunking))
    return `chunking settings changed (${JSON.stringify(manifest.settings?.chunking)} → ${JSON.stringify(settings.chunking)})`;
  if (JSON.stringify(manifest.settings?.hnsw) !== JSON.stringify(settings.hnsw)) return 'vector graph settings changed';
  if (!sameSettings(manifest.settings, settings)) return 'indexing code changed';
  return undefined;
}

interface Plan {
  toWrite: PendingFile[];
  added: number;
  changed: number;
  removed: string[];
  unchanged: number;
  /** Files whose time changed but not their content: only their recorded time is updated. */
  touched: KnowledgeFile[];
  skipped: IngestReport['skipped'];
}

interface StoredFile {
  id: string;
  hash: string;
  size: number;
  mtime: number;
}

/** Compares knowledge/ with what the index holds: by size and time first, then by content hash. */
async function planChanges(db: Db | undefined, knowledgeDir: string, maxFileBytes: number, verifyAll: boolean): Promise<Plan> {
  const listing = await listKnowledge(knowledgeDir, maxFileBytes);
  const stored = new Map<string, StoredFile>();
  if (db) {
    const rows = db.prepare('SELECT id, hash, size, mtime FROM documents UNION ALL SELECT id, hash, size, mtime FROM skipped').all() as StoredFile[];
    for (const row of rows) stored.set(row.id, row);
  }
  const plan: Plan = { toWrite: [], added: 0, changed: 0, removed: [], unchanged: 0, touched: [], skipped: listing.skipped };
  const listed = new Set<string>();
  for (const file of listing.files) {
    listed.add(file.file);
    const before = stored.get(file.file);
    if (!before) {
      plan.added++;
      plan.toWrite.push(file);
      continue;
    }
    if (!verifyAll && before.size === file.size && before.mtime === file.mtimeMs) {
      plan.unchanged++;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(knowledgeDir, file.file));
    } catch {
      plan.changed++;
      plan.toWrite.push(file);
      continue;
    }
    const hash = contentHash(bytes);
    if (hash === before.hash) {
      plan.unchanged++;
      if (before.mtime !== file.mtimeMs || before.size !== file.size) plan.touched.push(file);
    } else {
      plan.changed++;
      plan.toWrite.push({ ...file, bytes, hash });
    }
  }
  for (const id of stored.keys()) if (!listed.has(id)) plan.removed.push(id);
  return plan;
}

function emptyReport(mode: IngestReport['mode'], plan: Plan): IngestReport {
  return {
    mode,
    added: plan.added,
    changed: plan.changed,
    removed: plan.removed.length,
    unchanged: plan.unchanged,
    documents: 0,
    passages: 0,
    passagesWritten: 0,
    indexed: [],
    skipped: [...plan.skipped],
    warnings: [],
    seconds: 0,
  };
}

function countRows(db: Db): { documents: number; passages: number } {
  return {
    documents: db.prepare('SELECT count(*) FROM documents').pluck().get() as number,
    passages: db.prepare('SELECT count(*) FROM passages').pluck().get() as number,
  };
}

/** Settings of a new index: what a stored index must match to be updated in place. */
async function currentSettings(chunking: ChunkOptions): Promise<IndexSettings> {
  return { chunking, hnsw: DEFAULT_HNSW_SETTINGS, code: await codeFingerprint() };
}

/** Every file of knowledge/ into a new index directory, then made current. */
async function buildFull(options: OpenIndexOptions, settings: IndexSettings, plan: Plan, reason: string): Promise<IngestReport> {
  const started = performance.now();
  const name = `index-${Date.now()}-${process.pid}`;
  const dir = path.join(options.dataDir, name);
  await mkdir(dir);
  const db = openDb(path.join(dir, DB_FILE), { create: true });
  const report = emptyReport('full', plan);
  try {
    // A directory no pointer names is discarded, so the build needs no journal of its own.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -65536');
    const bytes = plan.toWrite.reduce((s, f) => s + f.size, 0);
    options.onProgress?.({ stage: 'plan', mode: 'full', reason, files: plan.toWrite.length, bytes, removed: 0, unchanged: 0 });
    // About one passage per 400 bytes of UTF-8 Chinese; the graph grows if this is short.
    const capacity = Math.ceil(bytes / 400) + 64;
    let graph: BackgroundGraphBuilder | undefined;
    const target: WriteTarget = {
      db,
      deferTermCounts: new VocabularyCorrection(),
      vectors: undefined,
      createVectors: (d) => (graph = new BackgroundGraphBuilder(d, capacity, settings.hnsw)),
    };
    db.exec('BEGIN');
    try {
      await writeFiles(target, plan.toWrite, options, report);
    } catch (err) {
      await graph?.discard();
      throw err;
    }
    options.onProgress?.({ stage: 'save' });
    const vectorsFile = 'vectors-1.hnsw';
    let dimensions = options.embedder.dimensions;
    if (graph) {
      dimensions = graph.dimensions;
      await graph.save(path.join(dir, vectorsFile));
    } else VectorIndex.create(dimensions, 16, settings.hnsw).save(path.join(dir, vectorsFile));
    Object.assign(report, countRows(db));
    const now = new Date().toISOString();
    const manifest: IndexManifest = {
      format: INDEX_FORMAT,
      embedder: options.embedder.id,
      dimensions,
      settings,
      documents: report.documents,
      passages: report.passages,
      vectorsFile,
      builtAt: now,
      updatedAt: now,
    };
    writeMeta(db, 'manifest', manifest);
    db.exec('COMMIT');
    // Fewer, larger FTS5 segments: faster queries for the life of the index.
    db.exec(`INSERT INTO lexical (lexical) VALUES ('optimize')`);
    // Counted after 'optimize': one pass over a single merged segment.
    db.transaction(() => countTermsFromIndex(db, target.deferTermCounts))();
    db.pragma('journal_mode = WAL');
    db.close();
  } catch (err) {
    if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  await writeAtomic(path.join(options.dataDir, POINTER), name);
  await removeStale(options.dataDir);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * Only what changed, into the current index, in one transaction: rows, FTS5 postings and the
 * vector delta commit together. The graph file is rewritten (under a new name the manifest then
 * points to) only when the delta has grown large enough to fold in.
 */
async function updateInPlace(options: OpenIndexOptions, dir: string, db: Db, manifest: IndexManifest, plan: Plan, reason: string): Promise<IngestReport> {
  const started = performance.now();
  const report = emptyReport('incremental', plan);
  const bytes = plan.toWrite.reduce((s, f) => s + f.size, 0);
  options.onProgress?.({ stage: 'plan', mode: 'incremental', reason, files: plan.toWrite.length, bytes, removed: plan.removed.length, unchanged: plan.unchanged });
  const delta = new VectorDeltaWriter(db, manifest.dimensions);
  const target: WriteTarget = { db, vectors: delta, createVectors: () => delta };
  const generation = Number(/vectors-(\d+)\.hnsw$/.exec(manifest.vectorsFile)?.[1] ?? 0) + 1;
  let vectorsFile = manifest.vectorsFile;
  db.exec('BEGIN IMMEDIATE');
  try {
    const touch = db.prepare('UPDATE documents SET size = ?, mtime = ? WHERE id = ?');
    const touchSkipped = db.prepare('UPDATE skipped SET size = ?, mtime = ? WHERE id = ?');
    for (const f of plan.touched) {
      touch.run(f.size, f.mtimeMs, f.file);
      touchSkipped.run(f.size, f.mtimeMs, f.file);
    }
    removeDocuments(target, [...plan.removed, ...plan.toWrite.map((f) => f.file)]);
    await writeFiles(target, plan.toWrite, options, report);
    options.onProgress?.({ stage: 'save' });
    Object.assign(report, countRows(db));
    if (shouldCompact(db, report.passages, options.vectorDeltaLimit)) {
      const graph = VectorIndex.load(path.join(dir, manifest.vectorsFile), manifest.dimensions, manifest.passages);
      foldDelta(db, graph);
      vectorsFile = `vectors-${generation}.hnsw`;
      const tmp = path.join(dir, `${vectorsFile}.tmp-${process.pid}`);
      graph.save(tmp);
      await rename(tmp, path.join(dir, vectorsFile));
    }
    writeMeta(db, 'manifest', { ...manifest, documents: report.documents, passages: report.passages, vectorsFile, updatedAt: new Date().toISOString() });
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (vectorsFile !== manifest.vectorsFile) await rm(path.join(dir, vectorsFile), { force: true });
    throw err;
  }
  await removeStale(options.dataDir);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * Removes what no current state refers to: index directories other than the current one, graph
 * files other than the current manifest's, temporary files of killed ingests. Called under the lock.
 */
async function removeStale(dataDir: string): Promise<void> {
  const current = await currentIndexDir(dataDir);
  for (const entry of await readdir(dataDir)) {
    const full = path.join(dataDir, entry);
    if ((entry.startsWith('index-') && full !== current) || entry.startsWith(`${POINTER}.tmp-`)) await rm(full, { recursive: true, force: true });
  }
  if (!current || !existsSync(path.join(current, DB_FILE))) return;
  let keep: string | undefined;
  try {
    const db = openDb(path.join(current, DB_FILE));
    keep = readMeta<IndexManifest>(db, 'manifest')?.vectorsFile;
    db.close();
  } catch {
    return;
  }
  for (const entry of await readdir(current)) {
    if ((/^vectors-/.test(entry) && entry !== keep) || entry.includes('.tmp-')) await rm(path.join(current, entry), { force: true });
  }
}

interface StoredState {
  dir?: string;
  db?: Db;
  manifest?: IndexManifest;
  /** Set when the index must be rebuilt from scratch. */
  rebuild?: string;
}

async function inspect(options: OpenIndexOptions, settings: IndexSettings): Promise<StoredState> {
  const dir = await currentIndexDir(options.dataDir);
  if (!dir) return { rebuild: 'no index yet' };
  let db: Db;
  try {
    db = openDb(path.join(dir, DB_FILE));
  } catch {
    return { dir, rebuild: 'stored index unreadable or of an older format' };
  }
  let manifest: IndexManifest | undefined;
  try {
    manifest = readMeta<IndexManifest>(db, 'manifest');
  } catch (err) {
    db.close();
    return { dir, rebuild: `stored index unreadable (${(err as Error).message})` };
  }
  const rebuild = rebuildReason(manifest, options.embedder, settings);
  if (rebuild || !manifest || !existsSync(path.join(dir, manifest.vectorsFile))) {
    db.close();
    return { dir, rebuild: rebuild ?? 'vector graph file missing' };
  }
  return { dir, db, manifest };
}

function describe(plan: Plan): string {
  if (plan.toWrite.length === 0 && plan.removed.length === 0) return 'up to date (file times changed, contents did not)';
  return `knowledge/ changed: ${plan.added} added, ${plan.changed} changed, ${plan.removed.length} removed`;
}

/**
 * The current index, brought up to date with knowledge/: opened as stored when nothing changed,
 * updated in place when files were added, changed or removed, rebuilt when the settings, the
 * embedder or the index format changed (or `full`). Concurrent calls queue on the ingest lock.
 */
export async function openIndex(options: OpenIndexOptions): Promise<OpenedIndex> {
  const started = performance.now();
  await mkdir(options.dataDir, { recursive: true });
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const settings = await currentSettings(options.chunking);
  const elapsed = () => performance.now() - started;

  // Without the lock first: the usual case is an index that is already current.
  if (!options.full) {
    const state = await inspect(options, settings);
    if (state.db) {
      // The graph is read on another thread while knowledge/ is listed and compared.
      const graphRead = VectorIndex.preload(path.join(state.dir!, state.manifest!.vectorsFile), state.manifest!.dimensions);
      let plan: Plan;
      try {
        plan = await planChanges(state.db, options.knowledgeDir, maxFileBytes, options.force ?? false);
      } finally {
        state.db.close();
      }
      await graphRead;
      if (plan.toWrite.length === 0 && plan.removed.length === 0 && plan.touched.length === 0) {
        return { index: await openReader(options.dataDir, options.embedder), reason: 'up to date', ms: elapsed() };
      }
    }
  }

  const lock = await acquireIngestLock(options.dataDir, (holder) => options.onProgress?.({ stage: 'waiting', holder }));
  try {
    await removeStale(options.dataDir);
    // Looked at again under the lock: an ingest that held it may have done the work already.
    const state = await inspect(options, settings);
    let report: IngestReport;
    let reason: string;
    if (options.full || state.rebuild) {
      state.db?.close();
      reason = options.full ? 'full rebuild requested' : state.rebuild!;
      const plan = await planChanges(undefined, options.knowledgeDir, maxFileBytes, false);
      report = await buildFull(options, settings, plan, reason);
    } else {
      const db = state.db!;
      try {
        const plan = await planChanges(db, options.knowledgeDir, maxFileBytes, options.force ?? false);
        if (plan.toWrite.length === 0 && plan.removed.length === 0 && plan.touched.length === 0) {
          db.close();
          return { index: await openReader(options.dataDir, options.embedder), reason: 'up to date', ms: elapsed() };
        }
        reason = describe(plan);
        report = await updateInPlace(options, state.dir!, db, state.manifest!, plan, reason);
      } finally {
        if (db.open) db.close();
      }
    }
    return { index: await openReader(options.dataDir, options.embedder), built: report, reason, ms: elapsed() };
  } finally {
    await lock.release();
  }
}

/** Skipped files recorded in the current index (those ingest could not use), with reasons. */
export async function storedSkips(dataDir: string): Promise<Array<{ file: string; reason: string }>> {
  const dir = await currentIndexDir(dataDir);
  if (!dir || !existsSync(path.join(dir, DB_FILE))) return [];
  const db = openDb(path.join(dir, DB_FILE));
  try {
    return db.prepare('SELECT id AS file, reason FROM skipped ORDER BY id').all() as Array<{ file: string; reason: string }>;
  } finally {
    db.close();
  }
}
