/**
 * Writing an index: knowledge files are read, cleaned, chunked, embedded and written in batches,
 * so memory holds one batch plus the vector graph, never the corpus. The same code fills a fresh
 * index (full build) and updates the current one (only added, changed and removed files). The
 * caller holds the ingest lock; all writes of one ingest are one SQLite transaction.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChunkOptions } from '../ingest/chunk.js';
import { contentHash } from '../ingest/document.js';
import { ingestKnowledgeFile } from '../ingest/formats/ingest-file.js';
import type { KnowledgeFile } from '../ingest/knowledge-base.js';
import type { DocumentKind, KnowledgeDocument, Passage, SkippedFile } from '../ingest/types.js';
import type { PassageEmbedder } from './embedder.js';
import { documentFromRow, passageFromRow, sourceMapColumn, type Db, type DocumentRow, type PassageRow } from './index-db.js';
import { lexicalColumns, TermCounts, type LexicalColumns, type VocabularyCorrection } from './lexical-index.js';
import { indexTextOf, plainIndexForm } from './index-text.js';
import { prepareAll } from './prepare-pool.js';
import type { VectorSink } from './vector-index.js';

/** What one ingest found and did. Sizes are linear in the files it processed. */
export interface IngestReport {
  mode: 'full' | 'incremental';
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Documents and passages in the index afterwards. */
  documents: number;
  passages: number;
  /** Passages written by this ingest. */
  passagesWritten: number;
  /** Documents written by this ingest. */
  indexed: Array<{ id: string; title: string; kind: DocumentKind; date?: string; passages: number; encoding: string }>;
  skipped: SkippedFile[];
  warnings: SkippedFile[];
  seconds: number;
}

/** The counts of a report, for logs (its lists can be as long as the knowledge base). */
export function reportSummary(report: IngestReport): Omit<IngestReport, 'indexed' | 'skipped' | 'warnings'> & { skipped: number; warnings: number } {
  const { indexed: _indexed, skipped, warnings, ...counts } = report;
  return { ...counts, skipped: skipped.length, warnings: warnings.length };
}

export type IngestProgress =
  | { stage: 'waiting'; holder: string }
  | { stage: 'plan'; mode: 'full' | 'incremental'; reason: string; files: number; bytes: number; removed: number; unchanged: number }
  | { stage: 'files'; done: number; total: number; bytesDone: number; bytesTotal: number; passages: number }
  | { stage: 'save' };

export interface WriteTarget {
  db: Db;
  /**
   * Set by a full build: term_df is filled once from FTS5's vocabulary at the end
   * (countTermsFromIndex) instead of being counted per passage; the writer only notes the few
   * passages where the two would differ.
   */
  deferTermCounts?: VocabularyCorrection;
  /** Created on the first vector when the index is new (its dimension is the embedder's output). */
  vectors: VectorSink | undefined;
  createVectors(dimensions: number): VectorSink;
}

export interface IngestWork {
  knowledgeDir: string;
  chunking: ChunkOptions;
  embedder: PassageEmbedder;
  onProgress?: (event: IngestProgress) => void;
  /** Worker threads preparing files beside the writer (prepare-pool.ts); 0 = none; default by size. */
  prepareThreads?: number;
}

/** A file to (re)index, with its bytes when the plan already read them to compare hashes. */
export interface PendingFile extends KnowledgeFile {
  bytes?: Buffer;
  hash?: string;
}

const BATCH_PASSAGES = 2000;
const BATCH_FILES = 500;

/** One file made ready to write, by the ingest's thread or a worker (see prepare-pool.ts). */
export type PreparedFile =
  | { file: string; outcome: 'unreadable'; reason: string }
  | { file: string; outcome: 'skipped'; reason: string; hash: string }
  | ({ file: string; outcome: 'ok'; document: KnowledgeDocument; passages: Passage[]; warnings: string[] } & PreparedPassages);

/**
 * Per passage: its FTS5 columns, whether its index text needed script folding (the passages table's
 * `folded`), and either its vector (float32 rows, when the embedder takes index texts) or its index
 * text for the embedder to embed with the rest of the batch. Compact, as workers send it over.
 */
export interface PreparedPassages {
  columns: LexicalColumns[];
  folded: number[];
  vectors?: Float32Array;
  texts?: string[];
}

/** What preparing a file needs: where files are, how to chunk, and the embedder's index-text form. */
export interface PrepareWork {
  knowledgeDir: string;
  chunking: ChunkOptions;
  embedder: Pick<PassageEmbedder, 'embedIndexText'>;
}

/** What the index stores for a document's passages (see PreparedPassages). */
export function preparePassages(document: KnowledgeDocument, passages: Passage[], embedder: PrepareWork['embedder']): PreparedPassages {
  const texts = passages.map((p) => indexTextOf(p, document));
  const columns = texts.map(lexicalColumns);
  const folded = passages.map((p, i) => (texts[i] === plainIndexForm(p, document) ? 0 : 1));
  if (!embedder.embedIndexText) return { columns, folded, texts };
  let vectors = new Float32Array(0);
  texts.forEach((text, i) => {
    const vector = embedder.embedIndexText!(text);
    if (i === 0) vectors = new Float32Array(texts.length * vector.length);
    vectors.set(vector, i * vector.length);
  });
  return { columns, folded, vectors };
}

/** Reads, cleans, chunks and segments one file (and embeds it when the embedder takes index texts). */
export async function prepareFile(file: PendingFile, work: PrepareWork): Promise<PreparedFile> {
  let bytes = file.bytes;
  try {
    bytes ??= await readFile(path.join(work.knowledgeDir, file.file));
  } catch (err) {
    return { file: file.file, outcome: 'unreadable', reason: `cannot read: ${(err as Error).message}` };
  }
  // PDF and DOCX text is extracted first (asynchronously, pdf.js on a thread of its own).
  const result = await ingestKnowledgeFile(file.file, bytes, work.chunking);
  if (!result.ok) return { file: file.file, outcome: 'skipped', reason: result.reason, hash: file.hash ?? contentHash(bytes) };
  return {
    file: file.file,
    outcome: 'ok',
    document: result.document,
    passages: result.passages,
    warnings: result.warnings,
    ...preparePassages(result.document, result.passages, work.embedder),
  };
}

interface Prepared extends PreparedPassages {
  document: KnowledgeDocument;
  file: KnowledgeFile;
  passages: Passage[];
}

/** Removes documents (and skipped-file records) with their passages, FTS5 rows and vectors. */
export function removeDocuments(target: WriteTarget, ids: string[]): void {
  const rows = target.db.prepare('SELECT * FROM passages WHERE doc_id = ?');
  const documentRow = target.db.prepare('SELECT id, hash, meta, encoding, text FROM documents WHERE id = ?');
  const counts = new TermCounts(target.db);
  const deleteLexical = target.db.prepare('DELETE FROM lexical WHERE rowid = ?');
  const deletePassages = target.db.prepare('DELETE FROM passages WHERE doc_id = ?');
  const deleteDocument = target.db.prepare('DELETE FROM documents WHERE id = ?');
  const deleteSkipped = target.db.prepare('DELETE FROM skipped WHERE id = ?');
  for (const id of ids) {
    const docRow = documentRow.get(id) as DocumentRow | undefined;
    const document = docRow && documentFromRow(docRow);
    for (const row of rows.all(id) as PassageRow[]) {
      // The FTS5 table keeps no text, so the removed passage's terms are cut again to count them out.
      if (document) counts.add(lexicalColumns(indexTextOf(passageFromRow(row), document)), -1);
      deleteLexical.run(row.position);
      target.vectors?.remove(row.position);
    }
    deletePassages.run(id);
    deleteDocument.run(id);
    deleteSkipped.run(id);
  }
  counts.flush();
}

/** Reads, cleans, chunks, embeds and writes `files` in batches. */
export async function writeFiles(target: WriteTarget, files: PendingFile[], work: IngestWork, report: IngestReport): Promise<void> {
  const { db } = target;
  const insertDocument = db.prepare(
    'INSERT INTO documents (id, hash, size, mtime, meta, encoding, text, passages, source_map) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertPassage = db.prepare('INSERT INTO passages (doc_id, idx, section, text, start, end, folded, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertLexical = db.prepare('INSERT INTO lexical (rowid, words, bigrams) VALUES (?, ?, ?)');
  const insertSkipped = db.prepare('INSERT INTO skipped (id, hash, size, mtime, reason) VALUES (?, ?, ?, ?, ?)');
  const counts = new TermCounts(db);
  const bytesTotal = files.reduce((s, f) => s + f.size, 0);
  let bytesDone = 0;
  let done = 0;

  const flush = async (batch: Prepared[]): Promise<void> => {
    // Other embedders (hashed n-grams, a remote model) get the batch's texts in one call.
    const texts = batch.flatMap((p) => p.texts ?? []);
    const embedded = texts.length > 0 ? await work.embedder.embedDocuments(texts) : [];
    let v = 0;
    for (const { document, file, passages, columns, folded, vectors } of batch) {
      insertDocument.run(document.id, document.hash, file.size, file.mtimeMs, JSON.stringify(document.meta), document.encoding, document.text, passages.length, sourceMapColumn(document));
      const dimensions = vectors ? vectors.length / passages.length : 0;
      passages.forEach((p, i) => {
        const position = Number(insertPassage.run(p.docId, p.index, JSON.stringify(p.section), p.text, p.start, p.end, folded[i], p.page ?? null).lastInsertRowid);
        insertLexical.run(position, columns[i]!.words, columns[i]!.bigrams);
        if (target.deferTermCounts) target.deferTermCounts.add(columns[i]!);
        else counts.add(columns[i]!, 1);
        const vector = vectors ? Array.from(vectors.subarray(i * dimensions, (i + 1) * dimensions)) : embedded[v++]!;
        (target.vectors ??= target.createVectors(vector.length)).add(vector, position);
      });
      report.passagesWritten += passages.length;
      report.indexed.push({ id: document.id, title: document.meta.title, kind: document.meta.kind, date: document.meta.date, passages: passages.length, encoding: document.encoding });
    }
    counts.flush();
    await target.vectors?.settle?.();
    work.onProgress?.({ stage: 'files', done, total: files.length, bytesDone, bytesTotal, passages: report.passagesWritten });
  };

  let batch: Prepared[] = [];
  let batchPassages = 0;
  for await (const [file, prepared] of prepareAll(files, work)) {
    file.bytes = undefined; // the plan's copy is not needed beyond this point
    done++;
    if (prepared.outcome === 'unreadable') {
      report.skipped.push({ file: file.file, reason: prepared.reason });
      continue;
    }
    bytesDone += file.size;
    if (prepared.outcome === 'skipped') {
      insertSkipped.run(file.file, prepared.hash, file.size, file.mtimeMs, prepared.reason);
      report.skipped.push({ file: file.file, reason: prepared.reason });
      continue;
    }
    for (const w of prepared.warnings) report.warnings.push({ file: file.file, reason: w });
    const { document, passages, columns, folded, vectors, texts } = prepared;
    batch.push({ document, file, passages, columns, folded, vectors, texts });
    batchPassages += passages.length;
    if (batchPassages >= BATCH_PASSAGES || batch.length >= BATCH_FILES) {
      await flush(batch);
      batch = [];
      batchPassages = 0;
    }
  }
  await flush(batch);
}
